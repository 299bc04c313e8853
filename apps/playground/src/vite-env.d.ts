/// <reference types="vite/client" />

declare module 'virtual:mnist-slice' {
  /** Digits of each class, classes 0..9 one after the other. */
  export const digitsPerClass: number;
  /** 10 × digitsPerClass × 784 grey levels as bytes (0..255), base64. */
  export const pixelsBase64: string;
}
