/**
 * The one contract between renderer and main: every method's input and output schemas and the
 * permission the router demands, joined from one file per domain in shared/contracts/.
 * Main's handler table is typed against it, so a method without a handler (or with a mistyped
 * one) does not compile. Names are `domain.verb`.
 */
import type { z } from 'zod';
import { analysisContract } from './contracts/analysis';
import { creditContract } from './contracts/credit';
import { customersContract } from './contracts/customers';
import type { MethodDef } from './contracts/define';
import { foundationContract } from './contracts/foundation';
import { importsContract } from './contracts/imports';
import { masterdataContract } from './contracts/masterdata';
import { ordersContract } from './contracts/orders';
import { pricingContract } from './contracts/pricing';
import { shipmentsContract } from './contracts/shipments';
import { agingContract } from './contracts/aging';
import { bankContract } from './contracts/bank';
import { collectionsContract } from './contracts/collections';
import { receiptsContract } from './contracts/receipts';
import { statementsContract } from './contracts/statements';

export type { Access, MethodDef } from './contracts/define';
export { setupInput, systemStatusSchema } from './contracts/foundation';

export const contract = {
  ...foundationContract,
  ...customersContract,
  ...masterdataContract,
  ...importsContract,
  ...pricingContract,
  ...analysisContract,
  ...ordersContract,
  ...creditContract,
  ...shipmentsContract,
  ...receiptsContract,
  ...bankContract,
  ...agingContract,
  ...statementsContract,
  ...collectionsContract,
} satisfies Record<string, MethodDef>;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const METHODS = Object.keys(contract) as Method[];
export const isMethod = (m: string): m is Method => Object.hasOwn(contract, m);
