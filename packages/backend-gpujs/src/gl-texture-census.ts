/**
 * Counts the GL textures alive on a context, by wrapping its createTexture and deleteTexture.
 * gpu.js's own per-kernel texture cache misses the textures it makes when an immutable kernel
 * re-renders (Texture.newTexture calls the context directly), so the count is taken where
 * every texture is born and dies: the context itself.
 */
export interface GlTextureApi {
  createTexture(): unknown;
  deleteTexture(texture: unknown): void;
}

export class GlTextureCensus {
  private alive = 0;

  constructor(context: GlTextureApi) {
    const create = context.createTexture.bind(context);
    const remove = context.deleteTexture.bind(context);
    const deleted = new WeakSet<object>();
    context.createTexture = () => {
      const texture = create();
      if (texture !== null) this.alive++;
      return texture;
    };
    context.deleteTexture = (texture: unknown) => {
      // GL ignores deleting a texture twice; so does the count.
      if (texture !== null && typeof texture === 'object' && !deleted.has(texture)) {
        deleted.add(texture);
        this.alive--;
      }
      remove(texture);
    };
  }

  get liveTextures(): number {
    return this.alive;
  }
}
