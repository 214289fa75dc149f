import { formatMoney } from '../../lib/format';

export function Money({ minorUnits, currency }: { minorUnits: number; currency: string }) {
  return <span className="money">{formatMoney(minorUnits, currency)}</span>;
}
