/**
 * The topic taxonomy: general customer-service vocabulary per language for the ten topics, plus
 * the stop words the key-phrase extractor drops. Plain data, kept compact as space-separated lists.
 *
 * An entry is a lower-case word or phrase; a trailing `*` matches any word starting with it
 * (`refund*`: refund, refunds, refunded). Phrases match consecutive words.
 */
import type { Topic } from './themes';

export type ThemeLanguage = 'en' | 'es' | 'fr' | 'de' | 'pt';

/** Splits a `|`-separated list of entries (phrases contain spaces). */
const entries = (list: string): readonly string[] =>
  list
    .split('|')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

type Taxonomy = Readonly<Record<Exclude<Topic, 'other'>, readonly string[]>>;

export const TAXONOMY: Readonly<Record<ThemeLanguage, Taxonomy>> = {
  en: {
    wait_time: entries(
      'hold|on hold|hold time|hold music|wait*|queue*|forever|took ages|hours|minutes|long time|slow|' +
        'got through|straight through|response time|quick*|fast',
    ),
    agent_attitude: entries(
      'rude*|polite*|impolite|friendly|unfriendly|kind|kindly|helpful*|unhelpful|patient*|attitude|' +
        'manner*|courteous|respectful|disrespectful|arrogant|condescending|hung up|care|caring|script|' +
        'agent|rep|representative|advisor|adviser|staff|technician|engineer|lady|guy',
    ),
    resolution: entries(
      'fix*|solv*|resolv*|unresolved|sorted|problem*|issue*|ticket*|first time|one call|' +
        'answer*|solution*|not working|still not|gave up|give up|reopen*',
    ),
    billing: entries(
      'bill|bills|billing|billed|charg*|overcharg*|refund*|invoice*|payment*|direct debit|debit|' +
        'money back|credit*|statement*',
    ),
    product_quality: entries(
      'quality|faulty|broke|broken|breaks|defect*|outage*|product*|unit|device*|replac*|' +
        'stopped working|works perfectly|dropping|drops|signal|connection|reliab*|unreliable',
    ),
    delivery: entries(
      'deliver*|shipping|shipped|shipment*|courier*|driver*|parcel*|package*|tracking|dispatch*|' +
        'in transit|arrive*|late|order*',
    ),
    communication: entries(
      'callback|call back|called back|call me back|update*|inform*|kept me|email*|reply|replied|' +
        'respond*|contact*|chase*|transfer*|explain*|promis*|nobody called|no one called|heard back|' +
        'notif*|message*|text|escalat*|talks to|appointment*|booking',
    ),
    website_app: entries(
      'app|apps|website*|site|online|web|portal|login|log in|logs me out|logged out|password|' +
        'checkout|page|chat bot|chatbot|bot|self-service|crash*|error message',
    ),
    price: entries(
      'price*|pricing|cheap*|expensive|cost*|fee|fees|tariff*|plan|plans|deal*|discount*|paying|' +
        'pay for|value|afford*|overpriced|went up|increase*|loyal*|subscription*|per month',
    ),
  },
  es: {
    wait_time: entries('espera*|esperar|cola|horas|minutos|tard*|rápid*|lent*'),
    agent_attitude: entries(
      'amable*|atent*|grosero*|grosera*|maleducad*|educad*|simpátic*|antipátic*|trato|agente*|' +
        'chica|chico|señor*|técnico*|atendió|atendieron|paciencia|paciente',
    ),
    resolution: entries('solucion*|resuelt*|resolv*|arregl*|problema*'),
    billing: entries('factura*|cobr*|cargo*|reembolso*|devolución|pago*'),
    product_quality: entries('calidad|defectuos*|roto|rota|avería*|producto*|falla*'),
    delivery: entries('envío*|entrega*|paquete*|repartidor*|mensajer*|pedido*'),
    communication: entries('llam*|respuesta*|informa*|correo*|contest*|avis*|comunicación'),
    website_app: entries('web|página|aplicación|app|en línea|contraseña|sesión'),
    price: entries('precio*|caro|cara|barato*|tarifa*|coste*|costo*|cuota*|oferta*|descuento*'),
  },
  fr: {
    wait_time: entries('attente|attendre|attendu|injoignable|patienter|heure|heures|minutes|rapide*|lent*'),
    agent_attitude: entries(
      'aimable*|poli|polie|impoli*|sympa*|désagréable*|agent*|conseiller*|conseillère*|accueil|' +
        'mépris*|technicien*',
    ),
    resolution: entries('résolu*|résoudre|réglé*|régler|problème*|solution*'),
    billing: entries('factur*|prélèvement*|rembours*|paiement*|débit*'),
    product_quality: entries('qualité|défectueu*|cassé*|panne*|produit*|correspond'),
    delivery: entries('livraison*|livré*|livreur*|colis|expédi*|commande*'),
    communication: entries('rappel*|réponse*|répond*|informé*|courriel*|mail|contact*|communication'),
    website_app: entries('site|appli*|app|en ligne|mot de passe'),
    price: entries('prix|cher|chère|tarif*|coût*|abonnement*|offre*|remise*'),
  },
  de: {
    wait_time: entries('warteschleife|warten|wartezeit|gewartet|stunde*|minuten|spät|schnell|langsam'),
    agent_attitude: entries(
      'freundlich*|unfreundlich*|höflich*|unhöflich*|nett|geduldig*|mitarbeiter*|berater*|techniker*|' +
        'aufgelegt|arrogant*',
    ),
    resolution: entries('gelöst|lösen|lösung*|behoben|beheben|problem*|repariert'),
    billing: entries('rechnung*|abbuchung*|erstattung*|rückerstattung*|zahlung*|lastschrift'),
    product_quality: entries('qualität|defekt*|kaputt|produkt*|störung*|ausfall*|gerät*'),
    delivery: entries('lieferung*|geliefert|liefer*|paket*|versand*|zusteller*|bestellung*'),
    communication: entries('rückruf*|antwort*|informiert|e-mail|gemeldet|melden'),
    website_app: entries('app|webseite|website|online|portal|anmeld*|login|passwort'),
    price: entries('preis*|teuer*|billig*|tarif*|kosten|gebühr*|angebot*|rabatt*'),
  },
  pt: {
    wait_time: entries('espera*|esperar|fila|demor*|horas|minutos|rápid*|lent*'),
    agent_attitude: entries('simpátic*|educad*|grosseir*|atencios*|atendente*|gentil|técnico*'),
    resolution: entries('resolv*|resolvid*|solucion*|problema*|consert*'),
    billing: entries('fatura*|cobran*|cobrad*|reembolso*|pagamento*|estorno*'),
    product_quality: entries('qualidade|defeito*|quebrad*|produto*|avaria*'),
    delivery: entries('entrega*|entregue|encomenda*|pacote*|envio*|transportadora*|correio*'),
    communication: entries('retorno|resposta*|respond*|informa*|ligaç*|ligar|e-mail|contato*|comunicação'),
    website_app: entries('site|aplicativo|app|página|online|senha|login'),
    price: entries('preço*|caro|cara|barat*|tarifa*|custo*|mensalidade*|plano*|desconto*'),
  },
};

/**
 * Stop words: function words, fillers and bare judgements ("great", "ok") that make poor key
 * phrases. A key phrase is a run of the words left between them.
 */
const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

export const THEME_STOPWORDS: Readonly<Record<ThemeLanguage, ReadonlySet<string>>> = {
  en: words(
    'a an the and or but so if then than that this these those there here is was were are be been ' +
      'being am do does did done have has had having i me my mine you your yours we us our they them ' +
      'their he him his she her it its to of in on at for with from by about as into over after ' +
      'before until up down out off again still just very really too also even only not no never ' +
      'what which who whom when where why how all any both each every some such can could will would ' +
      "shall should may might must i'm i've i'd i'll it's that's there's didn't don't doesn't isn't " +
      "wasn't weren't can't couldn't won't wouldn't haven't hasn't hadn't you're they're we're let's " +
      'get got getting go went going gone come came make made take took give gave say said tell told ' +
      'know knew think thought want wanted need needed try tried keep kept one two three four five ' +
      'great good bad ok okay fine nice thanks thank please lol wow yes yeah honestly actually ' +
      'exactly same another other others once twice time times day days today week weeks month ' +
      'much many more most less lot lots thing things stuff way whole half new old',
  ),
  es: words(
    'el la los las un una unos unas de del al y o pero que en es son fue ser está estoy estaba muy ' +
      'me mi mis te tu su sus se le les lo nos con por para sin como cuando donde ya no sí más menos ' +
      'todo toda todos nada nadie algo hay ha han he sido porque llevo tengo tiene dos tres gracias ' +
      'muy bien mal eso esta este esto otra otro vez días semanas',
  ),
  fr: words(
    'le la les l un une des de du d et ou mais que qu qui en est sont été être a ai as avait avec ' +
      'pour par sans sur dans au aux ce cet cette ces ça je j il elle on nous vous ils ne n pas plus ' +
      'très tout tous rien mon ma mes son sa ses se s me m après avant merci bien bon une deux trois ' +
      'toujours du tout fois jour jours',
  ),
  de: words(
    'der die das den dem des ein eine einen einem einer und oder aber ist sind war waren hat haben ' +
      'hatte ich du er sie es wir ihr mein meine mich mir mit zu von auf für nicht kein keine noch ' +
      'sehr auch schon nur alles in im an am nach bei wurde wieder immer trotzdem drei zwei danke ' +
      'gut ordnung kam konnte',
  ),
  pt: words(
    'o a os as um uma de do da dos das e ou mas que em no na nos nas ao aos é foi são está estou ' +
      'com para por sem meu minha meus minhas seu sua me se não nada ninguém já ainda muito mais ' +
      'obrigado obrigada você vocês isso esse essa em poucos poucas dois três tem',
  ),
};
