// Assigning approvers to roles so that as many roles as possible are filled, each person at most
// once: maximum bipartite matching (augmenting paths). Slots and candidates are tried in the order
// given, so the answer is deterministic: earlier roles and earlier approvers win ties.

/** slot index -> candidate index, for the slots that could be filled. */
export function maximumMatching(
  slots: number,
  candidates: number,
  eligible: (slot: number, candidate: number) => boolean,
): Map<number, number> {
  const slotOf = new Array<number>(candidates).fill(-1);

  // A free candidate is taken before anyone is moved, so nobody is displaced without need.
  const augment = (slot: number, visited: boolean[]): boolean => {
    for (let c = 0; c < candidates; c++) {
      if (slotOf[c] === -1 && !visited[c] && eligible(slot, c)) {
        visited[c] = true;
        slotOf[c] = slot;
        return true;
      }
    }
    for (let c = 0; c < candidates; c++) {
      if (visited[c] || !eligible(slot, c)) continue;
      visited[c] = true;
      if (augment(slotOf[c]!, visited)) {
        slotOf[c] = slot;
        return true;
      }
    }
    return false;
  };

  for (let s = 0; s < slots; s++) augment(s, new Array<boolean>(candidates).fill(false));
  const result = new Map<number, number>();
  slotOf.forEach((slot, c) => {
    if (slot !== -1) result.set(slot, c);
  });
  return result;
}
