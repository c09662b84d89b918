/**
 * Extra URL buttons under a published material's card, contributed by slices
 * that build on the library (the groups slice adds "Discuss in the group").
 * The library does not know those slices: they register a provider here when
 * their services are built, as slices register delivery renderers.
 */
export interface MaterialCardLink {
  /** Locale key of the button's label. */
  label: string;
  url: string;
}

/** One link for a material, or undefined when there is none (one cheap query at most: it runs on every card). */
export type MaterialCardLinkProvider = (materialId: number) => Promise<MaterialCardLink | undefined>;

export class MaterialCardLinks {
  private readonly providers: MaterialCardLinkProvider[] = [];

  register(provider: MaterialCardLinkProvider): void {
    this.providers.push(provider);
  }

  /** The links of a material, in the order the providers registered; a provider that fails adds nothing (the card still opens). */
  async of(materialId: number): Promise<MaterialCardLink[]> {
    const links = await Promise.all(this.providers.map((p) => p(materialId).catch(() => undefined)));
    return links.filter((l): l is MaterialCardLink => l !== undefined);
  }
}
