export {
  type AdviceLineRead,
  type AdviceRead,
  outboxAdviceFiles,
  type PublishedLine,
  publishedAdvice,
  readOutboxAdvices,
} from './outbox-advice.ts';
export {
  type InventoryLine,
  inventoryAdvice,
  partnerInterchange,
  stockwireIdentity,
  warehouseAdjustment,
  warehouseReceipt,
} from './partner-documents.ts';
