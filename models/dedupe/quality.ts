// Precision, recall and F1 of predicted duplicate pairs against an answer key. Duplicates are
// compared as clusters: A~B and B~C also makes A~C a true pair when the key says so.
export type PairQuality = { truePositives: number; falsePositives: number; falseNegatives: number; precision: number; recall: number; f1: number };

function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

/** Every pair inside each cluster of the answer key (union-find over the given pairs). */
export function truePairs(duplicatePairs: readonly [string, string][]): Set<string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const [a, b] of duplicatePairs) {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    parent.set(find(a), find(b));
  }
  const clusters = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    clusters.set(root, [...(clusters.get(root) ?? []), id]);
  }
  const pairs = new Set<string>();
  for (const members of clusters.values()) {
    for (let i = 0; i < members.length; i += 1) for (let j = i + 1; j < members.length; j += 1) pairs.add(pairKey(members[i]!, members[j]!));
  }
  return pairs;
}

export function pairQuality(predicted: readonly [string, string][], duplicatePairs: readonly [string, string][]): PairQuality {
  const truth = truePairs(duplicatePairs);
  const found = new Set(predicted.map(([a, b]) => pairKey(a, b)));
  let truePositives = 0;
  for (const key of found) if (truth.has(key)) truePositives += 1;
  const falsePositives = found.size - truePositives;
  const falseNegatives = truth.size - truePositives;
  const precision = found.size === 0 ? 0 : truePositives / found.size;
  const recall = truth.size === 0 ? 1 : truePositives / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}
