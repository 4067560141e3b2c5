import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * Service recovery: the SNS topic care-team alerts are published to (one per detractor case).
 * Subscribe the care team's email, chat or paging endpoints to it.
 */
export class Recovery extends Construct {
  readonly alertTopic: sns.Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'Lifeline care-team alerts',
      // Alerts quote the customer's comment: encrypted at rest with the AWS-managed SNS key
      // (no key to pay for or rotate) and published over TLS only.
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
  }
}
