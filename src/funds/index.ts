export { LedgerEntry, appendToLedger, openFund, type Ledger } from './ledger';
export { fundPosition, type FundPosition } from './fund-position';
export { Redemption, accrueRedemption, type AccrualOutcome } from './accrue-redemption';
export {
  DealerClaim, ClaimPolicy, claimChecks, adjudicateClaim, adjudicateClaims,
  type ClaimCheck, type ClaimDecision, type ClaimInput, type ClaimReason,
} from './adjudicate-claim';
export { resolveFund, type FundResolution } from './resolve-fund';
export { fundsStore, type FundsStore, type StoredClaim } from './funds-store';
export { registerFundsRoutes } from './funds-routes';
export { fundsAuthzCases, fundsAuthzSetup } from './funds-authz-cases';
export { registerFundsCommands } from './funds-cli';
