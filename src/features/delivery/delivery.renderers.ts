import type { DeliveryRenderer } from "./delivery.types.js";

/** Kinds are short dotted names such as "event.reminder" or "broadcast". */
const KIND = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;

export function isDeliveryKind(kind: string): boolean {
  return kind.length <= 64 && KIND.test(kind);
}

/**
 * Which feature renders which kind of delivery. Features register their
 * renderers in the composition root (src/container.ts); the send processor
 * looks them up when a delivery is sent.
 */
export class DeliveryRenderers {
  private readonly renderers = new Map<string, DeliveryRenderer>();

  /** Registers the renderer of `kind`; a kind can have only one. */
  register(kind: string, renderer: DeliveryRenderer): this {
    if (!isDeliveryKind(kind)) throw new Error(`Invalid delivery kind "${kind}"`);
    if (this.renderers.has(kind)) throw new Error(`Delivery kind "${kind}" already has a renderer`);
    this.renderers.set(kind, renderer);
    return this;
  }

  get(kind: string): DeliveryRenderer | undefined {
    return this.renderers.get(kind);
  }

  has(kind: string): boolean {
    return this.renderers.has(kind);
  }

  kinds(): string[] {
    return [...this.renderers.keys()];
  }
}
