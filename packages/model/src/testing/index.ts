export { eventArbitrary, eventListArbitrary, locationIds, skuIds } from './arbitraries.ts';
