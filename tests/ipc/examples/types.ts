import type { Input, Method } from '../../../shared/contract';

export type Examples = { [M in Method]?: Input<M> };
