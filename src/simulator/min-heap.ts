/** A binary min-heap ordered by `less`; used to merge per-vehicle streams by time. */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const h = this.items;
    h.push(item);
    let k = h.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.less(h[k] as T, h[parent] as T)) break;
      this.swap(k, parent);
      k = parent;
    }
  }

  pop(): T | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    h[0] = last;
    let k = 0;
    for (;;) {
      const l = 2 * k + 1, r = l + 1;
      let m = k;
      if (l < h.length && this.less(h[l] as T, h[m] as T)) m = l;
      if (r < h.length && this.less(h[r] as T, h[m] as T)) m = r;
      if (m === k) return top;
      this.swap(k, m);
      k = m;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.items;
    const a = h[i] as T;
    h[i] = h[j] as T;
    h[j] = a;
  }
}
