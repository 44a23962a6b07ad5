import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { DocumentsModule } from '@app/documents';
import { IdentityModule } from '@app/identity';
import { BankDetailsController } from './bank-details.controller';
import { BankDetailsService } from './bank-details.service';
import { CatalogueService } from './catalogue.service';
import { OpenDataController } from './open-data.controller';
import { OpenDataService } from './open-data.service';
import { PlaceImportService } from './place-import.service';
import { PlaceImportsController } from './place-imports.controller';
import { PlacesController } from './places.controller';
import { PlacesService } from './places.service';
import { QualificationController } from './qualification.controller';
import { QualificationService } from './qualification.service';
import { ProximityController } from './proximity.controller';
import { ProximityService } from './proximity.service';
import { RenewalRemindersService } from './renewal-reminders.service';
import { WhereToUseController } from './where-to-use.controller';

const SERVICES = [
  PlacesService,
  CatalogueService,
  QualificationService,
  RenewalRemindersService,
  BankDetailsService,
  PlaceImportService,
  OpenDataService,
  ProximityService,
];

@Module({
  imports: [AuditModule, IdentityModule, DocumentsModule],
  controllers: [
    PlacesController,
    QualificationController,
    BankDetailsController,
    OpenDataController,
    PlaceImportsController,
    ProximityController,
    WhereToUseController,
  ],
  providers: SERVICES,
  exports: SERVICES,
})
export class PlacesModule {}
