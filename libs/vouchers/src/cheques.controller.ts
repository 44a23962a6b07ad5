import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '@app/access';
import { ChequeCheckService } from './cheque-check.service';
import { ChequeKeysService } from './cheque-keys.service';
import { ChequeStatusDto, PublishedKeysDto } from './dto/cheque-status.dto';

@ApiTags('cheques (public)')
@Controller()
@Public()
export class ChequesController {
  constructor(
    private readonly check: ChequeCheckService,
    private readonly keys: ChequeKeysService,
  ) {}

  @Get('cheques/:code/status')
  @UseGuards(ThrottlerGuard)
  @Throttle({ 'per-ip': { limit: 60, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Is this cheque usable, and if not why (public; no personal data, nothing about its use)',
    description:
      'The public page of a cheque (its QR code leads there) asks this: a verdict with a stable code (valid, unknown_code, mistyped_code…), and for a known cheque its value, validity and where it can be used. Limited to 60 checks a minute per address.',
  })
  @ApiOkResponse({ type: ChequeStatusDto })
  @ApiTooManyRequestsResponse({ description: 'Too many checks from this address' })
  async status(@Param('code') code: string): Promise<ChequeStatusDto> {
    const status = await this.check.check(code);
    return {
      verdict: status.verdict,
      cheque: status.cheque && { ...status.cheque, mapPath: mapPathFor(status.cheque.territoryCodes) },
    };
  }

  @Get('keys')
  @ApiOperation({
    summary: 'Public keys that sign cheques, to check their QR codes offline',
    description:
      "The Ed25519 public keys, with their ids and validity, that sign the QR codes of the cheques. A scanner keeps them to check a cheque's signature without network.",
  })
  @ApiOkResponse({ type: PublishedKeysDto })
  publishedKeys(): PublishedKeysDto {
    return { keys: this.keys.published() };
  }
}

function mapPathFor(territory: string[]): string {
  return territory.length > 0 ? `/carte?territoire=${encodeURIComponent(territory.join(','))}` : '/carte';
}
