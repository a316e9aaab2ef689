/** "Ada Lovelace", "Ada", or "" when bePaid holds no name. */
export function fullName({ firstName, lastName }: { firstName?: string | null; lastName?: string | null }): string {
  return [firstName, lastName].filter(Boolean).join(" ");
}
