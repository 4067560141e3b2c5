import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { PART_BYTES, S3ExportStorage } from '../../../functions/adapters/s3-export-storage';

const s3 = mockClient(S3Client);
const client = new S3Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-example' },
});
// An hour behind the machine's clock: links are signed and timed by the injected clock only.
const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
const clock = { now: () => signingTime };
const file = {
  exportId: 'exp_1',
  fileName: 'responses-2026-01-01-2026-01-31.csv',
  contentType: 'text/csv; charset=utf-8',
};

/** `count` chunks of `size` bytes each, counting how many were pulled. */
function chunks(count: number, size: number) {
  const pulled = { count: 0 };
  const line = `${'x'.repeat(size - 2)}\r\n`;
  const iterable = (async function* () {
    for (let i = 0; i < count; i++) {
      pulled.count++;
      yield line;
    }
  })();
  return { iterable, pulled };
}

describe('S3ExportStorage', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({
      ETag: `"etag-${input.PartNumber}"`,
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
  });

  it('uploads a large export in parts as it is produced and reports its size', async () => {
    // Prepare: 12 MiB in 1 MiB chunks, three parts of at most 5 MiB.
    const storage = new S3ExportStorage({ client, bucket: 'exports-bucket', clock });
    const { iterable } = chunks(12, 1024 * 1024);

    // Act
    const { bytes } = await storage.write(file, iterable);

    // Assess
    expect(bytes).toBe(12 * 1024 * 1024);
    expect(s3).toHaveReceivedCommandWith(CreateMultipartUploadCommand, {
      Bucket: 'exports-bucket',
      Key: 'exp_1/responses-2026-01-01-2026-01-31.csv',
      ContentType: 'text/csv; charset=utf-8',
      ContentDisposition: 'attachment; filename="responses-2026-01-01-2026-01-31.csv"',
    });
    const parts = s3.commandCalls(UploadPartCommand).map((call) => call.args[0].input);
    expect(parts.map((part) => part.PartNumber).sort()).toEqual([1, 2, 3]);
    expect(parts.every((part) => part.UploadId === 'upload-1')).toBe(true);
    expect(s3).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
      Bucket: 'exports-bucket',
      UploadId: 'upload-1',
      MultipartUpload: {
        Parts: [
          { ETag: '"etag-1"', PartNumber: 1 },
          { ETag: '"etag-2"', PartNumber: 2 },
          { ETag: '"etag-3"', PartNumber: 3 },
        ],
      },
    });
    expect(PART_BYTES).toBe(5 * 1024 * 1024);
  });

  it('aborts the multipart upload when the export fails midway', async () => {
    // Prepare
    s3.on(AbortMultipartUploadCommand).resolves({});
    const storage = new S3ExportStorage({ client, bucket: 'exports-bucket', clock });
    const failing = (async function* () {
      for (let i = 0; i < 7; i++) yield `${'y'.repeat(1024 * 1024 - 1)}\n`;
      throw new Error('the store went away');
    })();

    // Act / Assess
    await expect(storage.write(file, failing)).rejects.toThrow('the store went away');
    expect(s3).not.toHaveReceivedCommand(CompleteMultipartUploadCommand);
    expect(s3).toHaveReceivedCommandWith(AbortMultipartUploadCommand, {
      Bucket: 'exports-bucket',
      UploadId: 'upload-1',
    });
  });

  it('withdraws every export file, a page of keys per DeleteObjects call', async () => {
    // Prepare: two pages of keys
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'exp_1/a.csv' }, { Key: 'exp_2/b.jsonl' }],
        NextContinuationToken: 't',
      })
      .resolvesOnce({ Contents: [{ Key: 'exp_3/c.csv' }] });
    s3.on(DeleteObjectsCommand).resolves({});
    const storage = new S3ExportStorage({ client, bucket: 'exports-bucket', clock });

    // Act
    const withdrawn = await storage.withdrawAll();

    // Assess
    expect(withdrawn).toBe(3);
    expect(s3).toHaveReceivedCommandTimes(DeleteObjectsCommand, 2);
    expect(s3).toHaveReceivedNthCommandWith(DeleteObjectsCommand, 1, {
      Bucket: 'exports-bucket',
      Delete: { Objects: [{ Key: 'exp_1/a.csv' }, { Key: 'exp_2/b.jsonl' }], Quiet: true },
    });
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: 'exports-bucket',
      ContinuationToken: 't',
    });
  });

  it('fails when S3 could not delete a file, so the erasure is retried', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'exp_1/a.csv' }] });
    s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'exp_1/a.csv', Code: 'AccessDenied' }] });
    await expect(
      new S3ExportStorage({ client, bucket: 'exports-bucket', clock }).withdrawAll(),
    ).rejects.toThrow('could not be deleted');
  });

  it('presigns a GET of the object that expires when asked, naming the download', async () => {
    // Prepare
    const storage = new S3ExportStorage({ client, bucket: 'exports-bucket', clock });

    // Act
    const url = new URL(await storage.downloadUrl(file, new Date(signingTime.getTime() + 15 * 60_000)));

    // Assess
    expect(url.hostname).toBe('exports-bucket.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/exp_1/responses-2026-01-01-2026-01-31.csv');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Date')).toBe(
      signingTime
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, ''),
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('response-content-disposition')).toBe(
      'attachment; filename="responses-2026-01-01-2026-01-31.csv"',
    );
  });
});
