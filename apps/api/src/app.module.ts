import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@app/audit';
import { CLOCK, systemClock } from '@app/domain';
import { IdentityModule } from '@app/identity';
import { FundsCoverageModule } from '@app/funds-coverage';
import { LedgerModule } from '@app/ledger';
import { MailModule } from '@app/mail';
import { ProgrammeAccountsModule } from '@app/ledger/programme-accounts';
import { NotificationsModule } from '@app/notifications';
import { PlacesModule } from '@app/places';
import { RedemptionModule } from '@app/redemption';
import { SettlementModule } from '@app/settlement';
import { BankStatementsModule } from '@app/bank-statements';
import { ReportingModule } from '@app/reporting';
import { VouchersModule } from '@app/vouchers';
import { WebhooksModule } from '@app/webhooks';
import { validateEnvironment } from './config/environment';
import { appDataSourceOptions } from './database/app-data-source';
import { HealthController } from './health/health.controller';
import { loggerOptions } from './http/logger-options';

export interface AppModuleOptions {
  /** The PostgreSQL URL actually used (the embedded server's, when DATABASE_URL is unset). */
  databaseUrl: string;
  /** Run pending migrations while connecting (main.ts does; tests migrate a template once). */
  migrationsRun?: boolean;
}

@Global()
@Module({ providers: [{ provide: CLOCK, useValue: systemClock }], exports: [CLOCK] })
class ClockModule {}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, ignoreEnvFile: true, cache: true }),
        LoggerModule.forRootAsync({ inject: [ConfigService], useFactory: loggerOptions }),
        TypeOrmModule.forRoot(appDataSourceOptions(options.databaseUrl, options.migrationsRun ?? false)),
        ClockModule,
        AuditModule,
        MailModule,
        WebhooksModule,
        IdentityModule,
        VouchersModule,
        PlacesModule,
        RedemptionModule,
        LedgerModule,
        FundsCoverageModule,
        ProgrammeAccountsModule,
        SettlementModule,
        BankStatementsModule,
        ReportingModule,
        NotificationsModule,
      ],
      controllers: [HealthController],
    };
  }
}
