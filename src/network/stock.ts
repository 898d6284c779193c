import type { StockLine } from '../domain';

export function stockQuantity(stock: readonly StockLine[], dealerId: string, sku: string): number {
  let total = 0;
  for (const line of stock) if (line.dealerId === dealerId && line.sku === sku) total += line.quantity;
  return total;
}

/** The SKUs (of those asked for) that the dealer holds fewer than `quantity` of. */
export function missingStock(stock: readonly StockLine[], dealerId: string, skus: readonly string[], quantity = 1): string[] {
  return skus.filter((sku) => stockQuantity(stock, dealerId, sku) < quantity);
}
