import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The survey-token signing keys: one Secrets Manager secret shaped
 * `{"current":"<kid>","<kid>":"<secret>",...}`. New links are signed with `current`; older kids stay
 * so links already sent keep verifying.
 */
export class TokenKeys extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Lifeline survey-token signing keys {"current": kid, <kid>: secret}',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ current: 'k1' }),
        generateStringKey: 'k1',
        passwordLength: 64,
        excludePunctuation: true,
      },
      // Losing the keys would invalidate every survey link in customers' inboxes.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Automatic rotation would replace the signing key and break survey links, which must stay valid for their 30 days. Keys are rotated by adding a new kid and pointing "current" at it; old kids stay until their links expire.',
    });
  }
}
