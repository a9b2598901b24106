/** `?status=new,open` as ['new', 'open'] (class-transformer @Transform for comma-separated query lists). */
export const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

/** A local calendar date in a query (YYYY-MM-DD); the report services read it in the zone of the active policy's default calendar. */
export const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
