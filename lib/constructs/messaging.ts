import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MessagingProps {
  /** Sender of survey emails; the address (or its domain) must be a verified SES identity. */
  readonly fromAddress: string;
  /** SMS origination identity (phone number, sender id or pool); unset: AWS picks one. */
  readonly smsOriginationIdentity?: string;
}

/**
 * Outbound customer messaging: the SES configuration set survey emails go through, and the ARNs
 * a sender may use, so grants name exactly the sending identities.
 */
export class Messaging extends Construct {
  readonly fromAddress: string;
  readonly configurationSet: ses.ConfigurationSet;
  /** SES identities `ses:SendEmail` is authorized against: the address and its domain. */
  readonly sesIdentityArns: string[];
  readonly smsOriginationIdentity?: string;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.fromAddress = props.fromAddress;
    this.smsOriginationIdentity = props.smsOriginationIdentity;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Bounces and complaints are tracked by SES for the sending reputation.
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    // SES authorizes SendEmail against the identity that verified the sender: the address itself
    // or, more often, its domain. Both are named so either verification works.
    const domain = props.fromAddress.split('@')[1];
    const identities = domain ? [props.fromAddress, domain] : [props.fromAddress];
    this.sesIdentityArns = identities.map((identity) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
    );
  }

  /** ARN of the configuration set, a resource of `ses:SendEmail` too. */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }
}
