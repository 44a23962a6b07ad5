import { InvalidEnvironmentError, knownEnvironmentNames, validateEnvironment } from './environment';

describe('environment validation', () => {
  it('has working defaults for a fresh machine', () => {
    const environment = validateEnvironment({});
    expect(environment).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      DATA_DIR: './.data',
      PUBLIC_URL: 'http://localhost:3000',
      DEMO_SEED: true,
      TRUST_PROXY: false,
    });
    expect(environment.DATABASE_URL).toBeUndefined();
  });

  it('converts strings from the environment', () => {
    expect(
      validateEnvironment({ PORT: '8080', TRUST_PROXY: 'true', DEMO_SEED: 'false', DATABASE_URL: 'postgres://u:p@db:5432/pn' }),
    ).toMatchObject({
      PORT: 8080,
      TRUST_PROXY: 1,
      DEMO_SEED: false,
      DATABASE_URL: 'postgres://u:p@db:5432/pn',
    });
  });

  it('reads TRUST_PROXY as proxies to trust, never every X-Forwarded-For entry', () => {
    const read = (value: string) => validateEnvironment({ TRUST_PROXY: value }).TRUST_PROXY;
    expect(read('false')).toBe(false);
    expect(read('true')).toBe(1); // one reverse proxy: the client is the entry it appended
    expect(read('2')).toBe(2);
    expect(read('127.0.0.1, 10.0.0.0/8,fd00::/8')).toBe('127.0.0.1, 10.0.0.0/8,fd00::/8');
    for (const bad of ['yes', '0.5', '11', '10.0.0.0/33', 'caddy', '10.0.0.1/8/1']) {
      expect(() => read(bad)).toThrow(/TRUST_PROXY/);
    }
  });

  it('refuses bad values and names every bad variable', () => {
    try {
      validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PUBLIC_URL: 'not a url', NODE_ENV: 'staging' });
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEnvironmentError);
      const message = (error as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'PUBLIC_URL', 'NODE_ENV']) expect(message).toContain(`${name}=`);
    }
  });

  it('refuses to seed demo accounts in production', () => {
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', DEMO_SEED: 'true', CHEQUE_SIGNING_KEY: 'pem', CHEQUE_CODE_KEY: 'key' }),
    ).toThrow(/never runs in production/);
    expect(
      validateEnvironment({
        NODE_ENV: 'production',
        CHEQUE_SIGNING_KEY: 'pem',
        CHEQUE_CODE_KEY: 'key',
        SMTP_URL: 'smtp://mail.example:587',
      }).NODE_ENV,
    ).toBe('production');
  });

  it('requires SMTP_URL in production unless MAIL_TRANSPORT=log is chosen, and accepts only smtp(s) URLs', () => {
    const production = { NODE_ENV: 'production', CHEQUE_SIGNING_KEY: 'pem', CHEQUE_CODE_KEY: 'key' };
    expect(() => validateEnvironment(production)).toThrow(/SMTP_URL is required in production/);
    expect(() => validateEnvironment({ ...production, MAIL_TRANSPORT: 'file' })).toThrow(/SMTP_URL is required in production/);
    expect(validateEnvironment({ ...production, MAIL_TRANSPORT: 'log' }).MAIL_TRANSPORT).toBe('log');
    expect(validateEnvironment({ ...production, SMTP_URL: 'smtps://user:secret@mail.example:465' }).SMTP_URL).toBe(
      'smtps://user:secret@mail.example:465',
    );
    expect(() => validateEnvironment({ SMTP_URL: 'http://mail.example' })).toThrow(/SMTP_URL=.*must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => validateEnvironment({ MAIL_TRANSPORT: 'smtp' })).toThrow(/MAIL_TRANSPORT=smtp needs SMTP_URL/);
    expect(() => validateEnvironment({ MAIL_TRANSPORT: 'pigeon' })).toThrow(/MAIL_TRANSPORT=/);
    expect(validateEnvironment({}).MAIL_OUTBOX_POLL_SECONDS).toBe(5);
    expect(validateEnvironment({}).MAIL_OUTBOX_RETENTION_DAYS).toBe(90);
    expect(validateEnvironment({}).NOTIFICATIONS_JOB_INTERVAL_MINUTES).toBe(60);
    expect(validateEnvironment({ MAIL_OUTBOX_RETENTION_DAYS: '30' }).MAIL_OUTBOX_RETENTION_DAYS).toBe(30);
    expect(() => validateEnvironment({ MAIL_OUTBOX_RETENTION_DAYS: '0' })).toThrow(/MAIL_OUTBOX_RETENTION_DAYS/);
  });

  it('takes ProConnect as all three variables or none, https in production', () => {
    const proconnect = {
      PROCONNECT_ISSUER: 'https://proconnect.example/api/v2',
      PROCONNECT_CLIENT_ID: 'pass-numerique',
      PROCONNECT_CLIENT_SECRET: 'a-secret-of-sixteen-or-more',
    };
    expect(validateEnvironment({}).PROCONNECT_ISSUER).toBeUndefined();
    expect(validateEnvironment(proconnect)).toMatchObject(proconnect);
    expect(() => validateEnvironment({ ...proconnect, PROCONNECT_CLIENT_SECRET: '' })).toThrow(/go together: set all three/);
    expect(() => validateEnvironment({ PROCONNECT_ISSUER: proconnect.PROCONNECT_ISSUER })).toThrow(/go together/);
    expect(() => validateEnvironment({ ...proconnect, PROCONNECT_ISSUER: 'ftp://proconnect.example' })).toThrow(
      /PROCONNECT_ISSUER=.*must be an http\(s\) URL/,
    );
    expect(() => validateEnvironment({ ...proconnect, PROCONNECT_CLIENT_SECRET: 'short' })).toThrow(
      /PROCONNECT_CLIENT_SECRET=.*at least 16/,
    );
    const production = { NODE_ENV: 'production', CHEQUE_SIGNING_KEY: 'pem', CHEQUE_CODE_KEY: 'key', MAIL_TRANSPORT: 'log' };
    expect(() => validateEnvironment({ ...production, ...proconnect, PROCONNECT_ISSUER: 'http://proconnect.example' })).toThrow(
      /PROCONNECT_ISSUER must be an https URL in production/,
    );
    expect(validateEnvironment({ ...production, ...proconnect }).PROCONNECT_CLIENT_ID).toBe('pass-numerique');
  });

  it('requires the cheque keys in production (they are generated locally otherwise)', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(
      /CHEQUE_SIGNING_KEY and CHEQUE_CODE_KEY are required in production/,
    );
  });

  it('reads the renewal reminder days as a list, largest first, and refuses anything else', () => {
    expect(validateEnvironment({}).QUALIFICATION_REMINDER_DAYS).toEqual([90, 60, 30, 7]);
    expect(validateEnvironment({ QUALIFICATION_REMINDER_DAYS: '30, 120,15' }).QUALIFICATION_REMINDER_DAYS).toEqual([120, 30, 15]);
    for (const bad of ['90;60', 'soon', '400', '-1']) {
      expect(() => validateEnvironment({ QUALIFICATION_REMINDER_DAYS: bad })).toThrow(
        /QUALIFICATION_REMINDER_DAYS=.*must be 1 to 10 numbers of days/,
      );
    }
  });

  it('reads the login limits, refuses a shared account limit one address could exhaust, and names the old variables', () => {
    expect(validateEnvironment({})).toMatchObject({
      LOGIN_WINDOW_MINUTES: 15,
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: 10,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 50,
      LOGIN_MAX_FAILURES_PER_KNOWN_DEVICE: 10,
      LOGIN_MAX_FAILURES_PER_ADDRESS: 100,
      LOGIN_KNOWN_DEVICE_DAYS: 90,
    });
    expect(validateEnvironment({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '200', LOGIN_WINDOW_MINUTES: '60' })).toMatchObject({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: 200,
      LOGIN_WINDOW_MINUTES: 60,
    });
    expect(() => validateEnvironment({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '10', LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '10' })).toThrow(
      /LOGIN_MAX_FAILURES_PER_ACCOUNT must be greater than LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS/,
    );
    expect(() => validateEnvironment({ LOGIN_WINDOW_MINUTES: '0' })).toThrow(/LOGIN_WINDOW_MINUTES=/);
    expect(() => validateEnvironment({ LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES: '10' })).toThrow(
      /LOGIN_MAX_PER_ACCOUNT_PER_15_MINUTES is no longer read/,
    );
  });

  it('reads the settlement cadence, weekly on Monday by default, and refuses a cut-off day with another cadence', () => {
    expect(validateEnvironment({})).toMatchObject({ SETTLEMENT_SCHEDULE: 'weekly', SETTLEMENT_CUTOFF_WEEKDAY: 'monday' });
    expect(validateEnvironment({ SETTLEMENT_SCHEDULE: 'weekly', SETTLEMENT_CUTOFF_WEEKDAY: 'Thursday' })).toMatchObject({
      SETTLEMENT_CUTOFF_WEEKDAY: 'thursday',
    });
    expect(validateEnvironment({ SETTLEMENT_SCHEDULE: 'daily' }).SETTLEMENT_SCHEDULE).toBe('daily');
    expect(() => validateEnvironment({ SETTLEMENT_SCHEDULE: 'fortnightly' })).toThrow(
      /SETTLEMENT_SCHEDULE must be one of daily, weekly, monthly/,
    );
    expect(() => validateEnvironment({ SETTLEMENT_CUTOFF_WEEKDAY: 'lundi' })).toThrow(/SETTLEMENT_CUTOFF_WEEKDAY must be one of monday/);
    expect(() => validateEnvironment({ SETTLEMENT_SCHEDULE: 'monthly', SETTLEMENT_CUTOFF_WEEKDAY: 'friday' })).toThrow(
      /SETTLEMENT_CUTOFF_WEEKDAY is only read with SETTLEMENT_SCHEDULE=weekly/,
    );
  });

  it('lists the names it knows', () => {
    expect(knownEnvironmentNames()).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'DATA_DIR', 'PUBLIC_URL', 'NODE_ENV']));
  });
});
