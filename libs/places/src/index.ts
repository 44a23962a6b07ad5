import { BankDetailsEntity } from './entities/bank-details.entity';
import { CatalogueEntryEntity } from './entities/catalogue-entry.entity';
import { PlaceImportEntity } from './entities/place-import.entity';
import { PlaceSuspensionEntity } from './entities/place-suspension.entity';
import { PlaceEntity } from './entities/place.entity';
import { QualificationApplicationEntity } from './entities/qualification-application.entity';
import { QualificationDecisionEntity } from './entities/qualification-decision.entity';
import { QualificationEvidenceEntity } from './entities/qualification-evidence.entity';

export * from './places.module';
export * from './places.service';
export * from './catalogue.service';
export * from './qualification.service';
export * from './renewal-reminders.service';
export * from './bank-details.service';
export * from './place-import.service';
export * from './open-data.service';
export * from './proximity.service';
export { OpenDataLicenceDto } from './dto/open-data.dto';
export { sendFile } from './file-reply';
export { ConditionalGet, type PublicDocument, RequestConditions, sendConditional } from './conditional-reply';
export { placeFieldsFromRow, placeToRow, placeFieldProblems, type PlaceFields } from './domain/place-fields';
export { isOpenAround } from './domain/opening-now';
export { DATA_INCLUSION_SCHEMA_URL, DATA_INCLUSION_VERSION } from './domain/data-inclusion';
export {
  PlaceEntity,
  CatalogueEntryEntity,
  QualificationApplicationEntity,
  QualificationEvidenceEntity,
  QualificationDecisionEntity,
  PlaceSuspensionEntity,
  BankDetailsEntity,
  PlaceImportEntity,
};

export const PLACE_ENTITIES = [
  PlaceEntity,
  CatalogueEntryEntity,
  QualificationApplicationEntity,
  QualificationEvidenceEntity,
  QualificationDecisionEntity,
  PlaceSuspensionEntity,
  BankDetailsEntity,
  PlaceImportEntity,
];
