/**
 * npm run admin:create -- --email camille@example.org --name "Camille Martin" [--organisation "Opérateur du Pass numérique"]
 *
 * Creates the operator organisation if there is none and an operator_admin without a usable
 * password, then prints a single-use link (valid 24 h) to choose one; the link is also e-mailed
 * through the outbox. Never takes a password. Exit 1 when the e-mail already has an account,
 * 2 on bad arguments or configuration.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { isEmail } from 'class-validator';
import { DomainError } from '@app/domain';
import { FIRST_PASSWORD_VALIDITY_HOURS, PasswordsService } from '@app/identity';
import { OutboxWorker } from '@app/mail';
import { AppModule } from '../app.module';
import { loadEnvironmentOrExit, startConfiguredDatabase } from './database-cli';

const USAGE = 'Usage: npm run admin:create -- --email <e-mail> --name "<name>" [--organisation "<operator organisation name>"]\n';

function argumentsOrExit(): { email: string; name: string; organisation: string } {
  try {
    const { values } = parseArgs({
      options: { email: { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' } },
      strict: true,
    });
    const email = values.email?.trim() ?? '';
    const name = values.name?.trim() ?? '';
    const problems = [
      isEmail(email) ? null : '--email must be an e-mail address',
      name.length > 0 && name.length <= 200 ? null : '--name must be 1 to 200 characters',
    ].filter((problem) => problem !== null);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return { email, name, organisation: values.organisation?.trim() || 'Opérateur du Pass numérique' };
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const input = argumentsOrExit();
  const environment = loadEnvironmentOrExit();
  const server = await startConfiguredDatabase(environment);
  // Like the app: pending migrations run first. The worker's timer stays off: this command sends its own mail below.
  process.env.MAIL_OUTBOX_POLL_SECONDS = '0';
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl: server.url, migrationsRun: true }), {
    logger: ['error', 'warn'],
  });
  let exitCode = 0;
  try {
    const created = await app.get(PasswordsService).createFirstAdmin({
      email: input.email,
      displayName: input.name,
      organisationName: input.organisation,
    });
    const drained = await app.get(OutboxWorker).drain();
    process.stdout.write(
      [
        created.organisationCreated
          ? `Operator organisation created: ${created.organisation.name}`
          : `Operator organisation: ${created.organisation.name}`,
        `Operator administrator created: ${created.user.email} (${created.user.displayName})`,
        `To choose a password, open this single-use link within ${FIRST_PASSWORD_VALIDITY_HOURS} hours:`,
        `  ${created.url}`,
        drained.sent > 0
          ? `The link was also sent by e-mail (${environment.SMTP_URL ? 'SMTP' : (environment.MAIL_TRANSPORT ?? 'file')}).`
          : 'The e-mail with the link could not be sent now: the API sends it when it runs (outbox).',
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === 'conflict') {
      process.stderr.write(`Refused: an account already exists for ${input.email.toLowerCase()}. Nothing was created.\n`);
      exitCode = 1;
    } else {
      throw error;
    }
  } finally {
    await app.close();
    await server.stop();
  }
  process.exit(exitCode);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
