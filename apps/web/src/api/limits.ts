/**
 * The api's length limits of what the forms send, so an input stops where the api would refuse
 * (maxlength) instead of failing on submit. Checked against the OpenAPI document by
 * limits.spec.ts: a DTO that changes its limit fails the test until this follows.
 */
export const LIMITS = {
  CreateTicketDto: { subject: 300, description: 20_000 },
  RequesterDto: { name: 200, email: 320 },
  ReplyDto: { body: 100_000 },
  NoteDto: { body: 100_000 },
  WaitDto: { reason: 2_000 },
  ResolveDto: { resolution: 20_000 },
  ReopenDto: { reason: 5_000 },
  ReasonDto: { reason: 500 },
  RectifyContactDto: { reason: 500, name: 200, email: 254 },
  PublishPrivacyPolicyDto: { reason: 500 },
  CreateTeamDto: { name: 120, calendarCode: 40 },
  UpdateTeamDto: { name: 120 },
  MoveTeamDto: { note: 5_000 },
} as const;
