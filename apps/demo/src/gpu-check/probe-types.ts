/** What the probe child processes answer, one JSON line each. */

export type GlRendererAnswer =
  | {
      readonly ok: true;
      /** GL_RENDERER as ANGLE reports it, naming the driver underneath. */
      readonly renderer: string;
      readonly vendor: string;
      readonly version: string;
      readonly shadingLanguage: string;
      readonly maxTextureSize: number | null;
      readonly floatTextures: boolean;
      /** How the strings were read. */
      readonly source: string;
    }
  | { readonly ok: false; readonly reason: string };

export type WebGpuAnswer =
  | { readonly ok: true; readonly adapter: { readonly vendor: string; readonly architecture: string; readonly device: string; readonly description: string } | null; readonly note?: string }
  | { readonly ok: false; readonly reason: string };
