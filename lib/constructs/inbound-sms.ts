import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * Two-way SMS on AWS: AWS End User Messaging publishes customers' replies to this topic (set it
 * as the two-way SMS destination of the phone number or pool), and the inbound-SMS function is
 * subscribed to it. Replies hold answers and comments: encrypted with a key of ours, because the
 * AWS-managed SNS key cannot grant the SMS service the right to publish.
 */
export class InboundSms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: 'Lifeline inbound SMS topic',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
    });
    const smsService = new iam.ServicePrincipal('sms-voice.amazonaws.com');
    key.grant(smsService, 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Lifeline inbound SMS',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.grantPublish(smsService);
  }
}
