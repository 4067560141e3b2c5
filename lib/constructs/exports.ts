import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The bucket of export files: large synchronous exports (answered with a 303 to a presigned URL)
 * and asynchronous exports. Private, encrypted, TLS only; every file expires after a day, because
 * a file holds customers' comments and must not outlive an erasure request by long.
 */
export class Exports extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A page's script that fetches a large export follows the 303 here: its presigned URL is
      // the credential, so any origin may read it (GET only).
      cors: [{ allowedMethods: [s3.HttpMethods.GET], allowedOrigins: ['*'], maxAge: 3600 }],
      lifecycleRules: [
        {
          id: 'expire-exports',
          expiration: Duration.days(1),
          // Uploads stopped midway (a function that ran out of time) leave parts; they go too.
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Files are derived from the table and expire within a day: nothing here needs to outlive
      // the stack, but CloudFormation cannot delete a bucket with files in it, so it is retained
      // (and empties itself through the lifecycle rule) rather than failing a stack deletion.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Export files are short-lived (one-day lifecycle) and reached only through presigned URLs that the admin API hands out to authenticated admins; those requests are in the API access logs. A second bucket for server access logs would hold request logs longer than the files themselves.',
    });
  }
}
