import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface EmailEventsProps {
  /** The configuration set survey emails are sent through; its bounces and complaints are published. */
  readonly configurationSet: ses.ConfigurationSet;
}

/**
 * Bounces and complaints of survey emails: the configuration set publishes them to this topic, and
 * the email-events function (subscribed by the stack, from the wiring table) opts the addresses out.
 * SES cannot filter bounces by type, so every bounce arrives and the function keeps the permanent
 * ones. Events name recipients' addresses: the topic is encrypted with a key of ours, because the
 * AWS-managed SNS key cannot grant SES the right to publish.
 */
export class EmailEvents extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: EmailEventsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: 'Lifeline SES bounce and complaint topic',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
    });
    // Who may publish is decided by the topic policy (this account's configuration set only, added
    // by the event destination); the key only has to let SES encrypt what it publishes.
    key.grant(new iam.ServicePrincipal('ses.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Lifeline email bounces and complaints',
      masterKey: key,
      enforceSSL: true,
    });
    props.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }
}
