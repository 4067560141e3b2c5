/**
 * Export files in an S3 bucket: written with a multipart upload as the chunks are produced (memory
 * stays at a few parts whatever the size), downloaded through presigned GET URLs.
 */
import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Clock, ExportFile, ExportStorage } from '../domain/ports';
import { countedUtf8 } from './byte-counter';

/** S3's smallest part (except the last): the upload holds at most `queueSize` of them. */
export const PART_BYTES = 5 * 1024 * 1024;

export interface S3ExportStorageOptions {
  /** Created once per process by the container. */
  client: S3Client;
  bucket: string;
  /** Parts uploaded at once (default 2). */
  queueSize?: number;
  /** Signing time of the download links, and what their expiry counts from. */
  clock: Clock;
}

/** `<exportId>/<fileName>`: the id keeps files apart, the name is what a browser saves. */
export const objectKey = (file: ExportFile): string => `${file.exportId}/${file.fileName}`;

const attachment = (file: ExportFile): string => `attachment; filename="${file.fileName}"`;

export class S3ExportStorage implements ExportStorage {
  constructor(private readonly options: S3ExportStorageOptions) {}

  async write(file: ExportFile, chunks: AsyncIterable<string>): Promise<{ bytes: number }> {
    const counted = countedUtf8(chunks);
    const upload = new Upload({
      client: this.options.client,
      params: {
        Bucket: this.options.bucket,
        Key: objectKey(file),
        Body: Readable.from(counted.buffers),
        ContentType: file.contentType,
        ContentDisposition: attachment(file),
      },
      partSize: PART_BYTES,
      queueSize: this.options.queueSize ?? 2,
      // A failed export leaves no parts behind (they would be billed until the lifecycle rule ran).
      leavePartsOnError: false,
    });
    await upload.done();
    return { bytes: counted.bytes() };
  }

  /** Lists the bucket page by page (1,000 keys) and deletes each page in one DeleteObjects call. */
  async withdrawAll(): Promise<number> {
    let deleted = 0;
    const { client, bucket } = this.options;
    for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket })) {
      const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (objects.length === 0) continue;
      const result = await client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
      );
      if (result.Errors?.length) throw new Error(`${result.Errors.length} export files could not be deleted`);
      deleted += objects.length;
    }
    return deleted;
  }

  async downloadUrl(file: ExportFile, expiresAt: Date): Promise<string> {
    const now = this.options.clock.now();
    const expiresIn = Math.max(1, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
    return getSignedUrl(
      this.options.client,
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: objectKey(file),
        ResponseContentDisposition: attachment(file),
        ResponseContentType: file.contentType,
      }),
      { expiresIn, signingDate: now },
    );
  }
}
