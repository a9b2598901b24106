/** A domain and its parents down to two labels: uffici.comune.x.it -> [uffici.comune.x.it, comune.x.it, x.it]. */
export function domainCandidates(domain: string): string[] {
  const labels = domain.toLowerCase().split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}

/** The ente of the closest mapped domain: the longest candidate in the map wins. */
export function enteOfAddress(domain: string, mapped: ReadonlyMap<string, string>): string | null {
  for (const candidate of domainCandidates(domain)) {
    const ente = mapped.get(candidate);
    if (ente) return ente;
  }
  return null;
}
