/**
 * Every migration, in order. `npm run migration:generate -- <Name>` writes a new file here and
 * this list must name it (the drift check fails until it does).
 */
import { Foundation1795425193737 } from './1795425193737-Foundation';
import { Cheques1795427842386 } from './1795427842386-Cheques';
import { HandOuts1795428219451 } from './1795428219451-HandOuts';
import { Places1795434621100 } from './1795434621100-Places';
import { Redemption1795439867290 } from './1795439867290-Redemption';
import { PlaceMap1795446613201 } from './1795446613201-PlaceMap';
import { Settlement1795446940393 } from './1795446940393-Settlement';
import { Ledger1795446969130 } from './1795446969130-Ledger';
import { Reporting1795449253500 } from './1795449253500-Reporting';
import { SettlementCancellation1795456612017 } from './1795456612017-SettlementCancellation';
import { QualificationRenewal1795456633848 } from './1795456633848-QualificationRenewal';
import { PlaceMapChunks1795456776129 } from './1795456776129-PlaceMapChunks';
import { IdempotencyClaim1795456854898 } from './1795456854898-IdempotencyClaim';
import { RedemptionRecordingIndexes1796598814235 } from './1796598814235-RedemptionRecordingIndexes';
import { PlaceChangeIndexes1796608000000 } from './1796608000000-PlaceChangeIndexes';
import { LoginThrottling1796669737055 } from './1796669737055-LoginThrottling';
import { ChequeKeys1796671294316 } from './1796671294316-ChequeKeys';
import { MailOutboxAndPasswordLinks1796671454543 } from './1796671454543-MailOutboxAndPasswordLinks';
import { NotificationCatalogue1796680046172 } from './1796680046172-NotificationCatalogue';
import { ChequeCodesNotHeld1796680440584 } from './1796680440584-ChequeCodesNotHeld';
import { SettledRedemptionUndoGuard1796681274071 } from './1796681274071-SettledRedemptionUndoGuard';
import { ReportingFunnelFacts1796683853431 } from './1796683853431-ReportingFunnelFacts';
import { FundsCoverage1796684006930 } from './1796684006930-FundsCoverage';
import { SettlementBatchBuiltBySchedule1796684058802 } from './1796684058802-SettlementBatchBuiltBySchedule';
import { BankStatements1796684087772 } from './1796684087772-BankStatements';
import { HandOutReissues1796690796388 } from './1796690796388-HandOutReissues';
import { Webhooks1796690945750 } from './1796690945750-Webhooks';
import { AnomalyHolds1796691141859 } from './1796691141859-AnomalyHolds';
import { StockTransfers1796691339822 } from './1796691339822-StockTransfers';
import { FunderRefundTransfers1796691501663 } from './1796691501663-FunderRefundTransfers';
import { CoverageBalanceWithdrawal1796693642398 } from './1796693642398-CoverageBalanceWithdrawal';

export const MIGRATIONS = [
  Foundation1795425193737,
  Cheques1795427842386,
  HandOuts1795428219451,
  Places1795434621100,
  Redemption1795439867290,
  PlaceMap1795446613201,
  Settlement1795446940393,
  Ledger1795446969130,
  Reporting1795449253500,
  SettlementCancellation1795456612017,
  QualificationRenewal1795456633848,
  PlaceMapChunks1795456776129,
  IdempotencyClaim1795456854898,
  RedemptionRecordingIndexes1796598814235,
  PlaceChangeIndexes1796608000000,
  LoginThrottling1796669737055,
  ChequeKeys1796671294316,
  MailOutboxAndPasswordLinks1796671454543,
  NotificationCatalogue1796680046172,
  ChequeCodesNotHeld1796680440584,
  SettledRedemptionUndoGuard1796681274071,
  ReportingFunnelFacts1796683853431,
  FundsCoverage1796684006930,
  SettlementBatchBuiltBySchedule1796684058802,
  BankStatements1796684087772,
  HandOutReissues1796690796388,
  Webhooks1796690945750,
  AnomalyHolds1796691141859,
  StockTransfers1796691339822,
  FunderRefundTransfers1796691501663,
  CoverageBalanceWithdrawal1796693642398,
];
