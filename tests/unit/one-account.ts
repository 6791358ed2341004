import { accountsItem, readAccounts, type AccountRecord } from '@/utils/storage';

/**
 * The connected accounts seen as one, for tests about a single connection (most of them): setting it stores a
 * list of that one account, reading it gives the first. The list itself is tested in accounts.test.ts.
 */
export const oneAccount = {
  setValue: (record: AccountRecord | null): Promise<void> => accountsItem.setValue(record ? [record] : []),
  getValue: async (): Promise<AccountRecord | null> => (await readAccounts())[0] ?? null,
  removeValue: (): Promise<void> => accountsItem.removeValue(),
};
