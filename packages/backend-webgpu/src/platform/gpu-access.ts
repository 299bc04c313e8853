/** What a platform entry point gives: the GPU object, and how to let go of it at close(). */
export interface GpuAccess {
  readonly gpu: GPU;
  release(): void;
}
