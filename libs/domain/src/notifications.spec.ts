import { ROLES } from './roles';
import { NOTIFICATION_KINDS, notificationKindsFor, notificationRule, switchedOffProblems } from './notifications';

describe('notification catalogue', () => {
  it('never lets anyone switch off access to an account, refused money or refused bank details', () => {
    const essential = NOTIFICATION_KINDS.filter((kind) => notificationRule(kind).essential);
    expect(essential).toEqual([
      'invitation',
      'password_reset',
      'first_admin',
      'bank_details_rejected',
      'transfer_rejected',
      'refund_transfer_rejected',
      'funds_coverage_below',
    ]);
  });

  it('sends each organisation kind its own notices, and nothing optional to the operator', () => {
    expect(notificationKindsFor('place_agent')).toEqual([
      'qualification_decision',
      'renewal_reminder',
      'bank_details_verified',
      'bank_details_rejected',
      'payment_sent',
      'transfer_rejected',
    ]);
    expect(notificationKindsFor('funder_manager')).toEqual([
      'bank_details_verified',
      'bank_details_rejected',
      'refund_transfer_rejected',
      'expiry_alert',
      'statement_available',
    ]);
    // The viewer enters no bank details.
    expect(notificationKindsFor('funder_viewer')).toEqual(['refund_transfer_rejected', 'expiry_alert', 'statement_available']);
    expect(notificationKindsFor('distributor_agent')).toEqual(['booklets_idle']);
    // Only the essential alert that the operator's account no longer covers what it owes.
    expect(notificationKindsFor('operator_admin')).toEqual(['funds_coverage_below']);
    expect(notificationKindsFor('operator_reviewer')).toEqual([]);
    // Every kind sent to an organisation reaches at least one role.
    for (const kind of NOTIFICATION_KINDS) {
      const rule = notificationRule(kind);
      if (rule.roles.length > 0) expect(ROLES.some((role) => notificationKindsFor(role).includes(kind))).toBe(true);
    }
  });

  it('says what is wrong with a choice of kinds to switch off', () => {
    expect(switchedOffProblems('place_agent', [])).toEqual([]);
    expect(switchedOffProblems('place_agent', ['payment_sent', 'renewal_reminder'])).toEqual([]);
    expect(switchedOffProblems('place_agent', ['transfer_rejected', 'expiry_alert', 'météo'])).toEqual([
      '"transfer_rejected" is essential and cannot be switched off',
      '"expiry_alert" is not sent to your role',
      '"météo" is not a notification kind',
    ]);
    expect(switchedOffProblems('operator_admin', ['password_reset'])).toEqual(['"password_reset" is essential and cannot be switched off']);
  });
});
