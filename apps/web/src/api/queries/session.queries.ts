/** Query key of the signed-in user: one place for the session, sign-in and the live stream to name it. */
export const sessionKeys = {
  me: () => ['me'] as const,
};
