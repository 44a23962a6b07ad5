import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@app/domain';

/** A delivery id as the platform writes them (`msg_` and 32 hex digits); anything else is a 400 naming the field. */
@Injectable()
export class WebhookDeliveryIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^msg_[0-9a-f]{32}$/.test(value)) {
      throw DomainError.validation([
        { field: 'deliveryId', problems: ['must be a delivery id such as msg_2b7c0e6f5d8a4c3b9e1f0a2d4c6e8b1a'] },
      ]);
    }
    return value;
  }
}
