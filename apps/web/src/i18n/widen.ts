/** The shape of a dictionary with its strings widened: the English one must have every Italian key. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
