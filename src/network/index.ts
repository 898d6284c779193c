export { validateHierarchy, ancestorsOf, subtreeOf, isWithin, type HierarchyCheck, type HierarchyProblem, type HierarchyProblemCode } from './hierarchy';
export { normalisePostalCode, territoryMatch, territoryOwner, distanceKm, type LatLon } from './territory';
export { stockQuantity, missingStock } from './stock';
export { DayKey, dayOf, addDays, weekdayOf } from './day';
export {
  CapacityException, Booking, buildCapacityCalendar, dayCapacity, remainingCapacity, utilisation, addBooking,
  type CapacityCalendar, type CalendarInput, type DayCapacity, type RemainingCapacity, type Utilisation, type BookingOutcome,
} from './capacity-calendar';
export {
  DeliveryCustomer, findDeliveringDealers,
  type DeliveryCandidate, type DeliveryCheck, type DeliveryQuery, type DeliveryReason,
} from './find-delivering-dealers';
export { NetworkRecord, csvColumns } from './network-records';
export {
  parseNetworkImport, requireNetworkImport,
  type ImportFormat, type ImportOptions, type ImportProblem, type NetworkData, type NetworkImportResult,
} from './parse-network-import';
export { networkUtilisation, type DealerUtilisation } from './network-utilisation';
export { networkStore, type NetworkStore, type NetworkImportOutcome, type ImportCounts, type BookingResult, type DealerUtilisationView } from './network-store';
export { registerNetworkCapabilityRoutes } from './network-routes';
export { networkAuthzCases } from './network-authz-cases';
export { registerNetworkCommands } from './network-cli';
export { withStoreFlags, withCliStore, readJsonFile, readTextFile, type StoreFlags } from './cli-store-io';
export { demoBookings } from './demo-bookings';
