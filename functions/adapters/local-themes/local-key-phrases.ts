/**
 * The offline `KeyPhraseExtractor`: the pure extractor of functions/domain/themes.ts. With
 * `LIFELINE_SENTIMENT=comprehend` the container uses Comprehend `BatchDetectKeyPhrases` instead
 * (comprehend-key-phrases.ts).
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
