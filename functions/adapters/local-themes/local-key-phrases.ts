/**
 * The offline `KeyPhraseExtractor`: the pure extractor of functions/domain/themes.ts. Comprehend
 * `BatchDetectKeyPhrases` is the AWS counterpart still to be written (25 documents per call, same
 * five languages); until then every environment uses this one.
 */
import {
  extractKeyPhrases,
  type KeyPhraseExtractor,
  type KeyPhraseRequest,
  type KeyPhraseResult,
} from '../../domain/themes';

export class LocalKeyPhraseExtractor implements KeyPhraseExtractor {
  async keyPhrases(requests: readonly KeyPhraseRequest[]): Promise<KeyPhraseResult[]> {
    return requests.map(({ id, text, language }) => ({ id, phrases: extractKeyPhrases(text, language) }));
  }
}
