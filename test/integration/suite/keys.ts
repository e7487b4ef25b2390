/** Keys used by the integration suite; the runner searches every log file for them afterwards. */
export const SECRET_KEY = "itest-key-id:itest-secret-0123456789";
export const ENV_KEY = "envtest-key-id:envtest-secret-9876543210";
export const BAD_KEY = "bad-key-id:bad-secret-5555555555";
export const TEST_KEYS = [SECRET_KEY, ENV_KEY, BAD_KEY];
