/**
 * English customer-service lexicon, laid over the `sentiment` library's AFINN-165 labels.
 *
 * AFINN scores general English. Survey comments after a support call say a lot without any
 * sentiment word ("still waiting", "cancelling my contract", "transferred, transferred"), praise
 * with idioms ("can't fault it", "went above and beyond"), and use a few AFINN words in a sense
 * AFINN does not mean ("like" as a preposition, "fine" as a shrug). These lists cover that.
 * They name situations common to any support desk, never particular comments.
 */
import type { LanguageLexicon } from './lexicon';

/** A small count, in figures or words. */
const FEW = '(?:\\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|countless|numerous)';
/** Negative auxiliaries, written out because phrases match before negation runs. */
const NOT =
  "(?:not|never|didn't|did not|doesn't|does not|don't|do not|hasn't|has not|haven't|have not|wasn't|was not|isn't|is not|won't|will not|still hasn't|still haven't|still not|not yet)";

export const EN_LEXICON: LanguageLexicon = {
  words: {
    // Shrugs: in a survey "fine", "ok", "average" mean "nothing to report", not praise.
    fine: 1,
    ok: 1,
    okay: 1,
    alright: 1,
    decent: 1,
    acceptable: 1,
    average: 0,
    adequate: 0,
    standard: 0,
    usual: 0,
    meh: -1,
    'so-so': 0,
    // AFINN words whose AFINN sense is rarely the one meant in a support comment.
    like: 0, // "feels like", "looks like"
    lol: 0, // exasperation as often as amusement ("still broken lol")
    wow: 1, // surprise either way; the words around it carry the sentiment
    joke: -2, // "what a joke"
    no: 0, // a negator here, not a sentiment
    pay: 0,
    paying: 0,
    please: 0, // requests ("please fix this")
    straight: 0,
    true: 0,
    yes: 0,
    hope: 0,
    hopefully: 0,
    quality: 0, // a topic ("the quality has dropped"), not praise
    loyal: 0, // "loyal customer for 10 years" usually opens a complaint
    loyalty: 0,
    promised: 0, // usually a broken promise
    promise: 0,
    charged: -1, // "charged twice" is scored as a phrase
    charges: 0, // "roaming charges": a topic
    free: 0,
    problem: -1, // everyone calling support has one; solved/unsolved carries the sentiment
    problems: -1,
    issue: 0,
    issues: 0,
    dreading: -1, // sets up a story that usually ends well
    dread: -1,
    sorry: 0, // agents apologising
    support: 0, // the department ("the support team"), not backing
    supported: 0,
    // Price: in a survey "cheap" is about the price, mostly welcome.
    cheap: 1,
    cheaper: 2,
    affordable: 2,
    overpriced: -3,
    expensive: -1,
    pricey: -1,
    // Outcomes: the point of a support contact.
    resolved: 3,
    solved: 3,
    fixed: 3,
    fixing: 2,
    sorted: 2,
    answered: 1,
    // Remedies: what the desk did about the fault.
    refunded: 1,
    credited: 1,
    reimbursed: 1,
    compensated: 1,
    replaced: 1,
    repaired: 2,
    works: 1,
    working: 1,
    reliable: 2,
    unreliable: -3,
    unresolved: -3,
    unhelpful: -3,
    useless: -3,
    pointless: -2,
    incompetent: -3,
    clueless: -3,
    hopeless: -3,
    // Speed.
    quick: 2,
    quickly: 2,
    quicker: 2,
    fast: 2,
    speedy: 2,
    prompt: 2,
    promptly: 2,
    swift: 2,
    swiftly: 2,
    efficient: 2,
    efficiently: 2,
    slow: -2,
    slowly: -1,
    sluggish: -2,
    late: -2,
    delayed: -2,
    delay: -2,
    delays: -2,
    overdue: -2,
    // Agent attitude.
    polite: 2,
    courteous: 2,
    patient: 2,
    knowledgeable: 2,
    professional: 2,
    attentive: 2,
    thorough: 2,
    empathetic: 2,
    understanding: 1,
    listened: 1,
    legend: 3,
    lifesaver: 3,
    star: 2,
    rude: -3,
    dismissive: -3,
    condescending: -3,
    patronising: -3,
    patronizing: -3,
    arrogant: -2,
    unprofessional: -3,
    impatient: -2,
    // Faults in the product, the delivery, the app.
    faulty: -2,
    defective: -2,
    damaged: -2,
    broken: -2,
    crushed: -2,
    dented: -1,
    missing: -2,
    outage: -2,
    outages: -2,
    glitch: -2,
    glitchy: -2,
    buggy: -2,
    crash: -2,
    crashes: -2,
    crashing: -2,
    crashed: -2,
    freezes: -2,
    freezing: -1,
    dropping: -2,
    disconnects: -2,
    disconnecting: -2,
    declined: -1,
    // Runaround and repeat contact.
    transferred: -1,
    runaround: -3,
    reopening: -1,
    reopened: -1,
    // Churn and dispute words that carry no sentiment in general English.
    chargeback: -3,
    ombudsman: -3,
    cancelling: -2,
    canceling: -2,
    unsubscribe: -1,
    // Plain verdicts AFINN lacks or under-scores.
    nightmare: -3,
    shambles: -3,
    disgrace: -3,
    shocking: -2,
    diabolical: -3,
    unacceptable: -3,
    appalling: -3,
    superb: 4,
    stellar: 3,
    flawless: 3,
    seamless: 3,
    painless: 2,
    effortless: 2,
    hassle: -2,
    unreal: 2, // slang praise ("the picture is unreal")
    impeccable: 3,
    spotless: 2,
  },

  phrases: [
    // Churn averted: "I was ready to cancel but…" is a save, not a threat. Before the churn rules.
    {
      pattern: `(?:was|were|am|i'd|i had|had been) (?:ready|going|about|planning|close|tempted|thinking of|set) (?:to )?(?:cancel|leave|switch|go elsewhere)(?:ling|led|ing|ed)?`,
      score: 0,
    },
    { pattern: '(?:almost|nearly) (?:cancel(?:l?ed)?|left|switched)', score: 0 },
    // Praise idioms that AFINN reads wrongly or not at all (several contain a negation).
    { pattern: "(?:can't|cannot|couldn't|could not) fault", score: 3 },
    {
      pattern:
        "(?:couldn't|could not|can't|cannot) (?:have )?(?:asked|wished|hoped) for (?:a |any )?(?:better|more)",
      score: 4,
    },
    { pattern: "(?:couldn't|could not|can't) be (?:happier|better|more pleased)", score: 4 },
    { pattern: "(?:can't|cannot|couldn't) (?:thank|praise|recommend) (?:<w> ){0,2}enough", score: 4 },
    {
      pattern:
        '(?:went|go|going|goes|gone) (?:above and beyond|the extra mile|out of (?:his|her|their|the) way)',
      score: 4,
    },
    {
      pattern:
        'give (?:him|her|them|that (?:man|woman|lady|guy)) (?:a )?(?:raise|pay rise|promotion|bonus|medal)',
      score: 3,
    },
    { pattern: 'nothing (?:was )?too much (?:trouble|bother)', score: 3 },
    {
      pattern: "(?:that's|this is|that is) (?:how|what) (?:it|customer service|support) should be(?: done)?",
      score: 3,
    },
    {
      pattern: '(?:keep up the (?:good|great) work|keep (?:it|this) up|more of this|well done|spot on)',
      score: 2,
    },
    { pattern: 'no questions asked', score: 2 },
    // A fault named together with its remedy is the story of a fix, not a complaint.
    {
      pattern:
        '(?:faulty|broken|damaged|defective|wrong|missing|duplicate|double|extra) (?:<w> ){0,2}?(?:was |were |got |been )?(?:replaced|repaired|fixed|refunded|swapped|exchanged|reversed|removed|credited|sorted)',
      score: 2,
    },
    {
      pattern:
        '(?:found|spotted|refunded|reversed|removed|credited|corrected|fixed|sorted|replaced|swapped) (?:the |a |my |our )?(?:<w> )?(?:duplicate|double|extra|wrong|faulty|broken|damaged|missing|incorrect) (?:charge|charges|payment|fee|item|unit|part|order|bill)',
      score: 2,
    },
    { pattern: '(?:credited|refunded|paid|put) (?:it|the money|everything|me) back', score: 2 },
    // Staff cleared of blame while the company is not: praise for the agent.
    {
      pattern:
        "not (?:him|her|them|the agent|the agents|the staff)|not (?:his|her|their|the agent's|the staff's) fault|no fault of (?:his|hers|theirs)",
      score: 1,
    },
    { pattern: 'no (?:complaints|complaint|problems|issues)(?: at all| whatsoever)?', score: 2 },
    { pattern: 'hassle[- ]free', score: 2 },
    { pattern: '(?:took|takes|taking) ownership', score: 2 },
    { pattern: '(?:kept|keeps|keep|keeping) (?:me|us) (?:updated|informed|in the loop|posted)', score: 2 },
    { pattern: 'stayed on (?:the line|the phone|the call)', score: 2 },
    { pattern: 'without (?:interrupting|any (?:fuss|hassle|problems?|issues?))', score: 2 },
    { pattern: 'clear (?:explanation|answer|instructions|information)', score: 2 },
    { pattern: 'explained (?:everything|it (?:clearly|well)|clearly)', score: 2 },
    { pattern: '(?:when|as) (?:they|he|she|you) said (?:they|he|she|you) would', score: 2 },
    { pattern: '(?:i|we) (?:really |also )?(?:like|liked)', score: 2 },
    {
      pattern:
        "(?:i|we) (?:will|'ll|shall) (?:definitely |certainly |happily )?(?:be back|stay|be staying|use you again|buy again|order again|recommend)",
      score: 3,
    },
    { pattern: "(?:i'm|i am|we're|we are) staying", score: 2 },
    { pattern: '(?<=^|[.!?] )staying(?=[.!]|$)', score: 2 },
    // First-contact resolution and self-service: what customers praise most.
    {
      pattern: '(?:first time|(?:in|with|on) (?:one|a single|the first) (?:call|go|try|attempt|visit))',
      score: 2,
    },
    {
      pattern: `${NOT} (?:even )?(?:need|have|had) to (?:call|chase|ring|contact|ask|follow up|wait|repeat)`,
      score: 2,
    },
    { pattern: '(?:problem|issue|fault) (?:was |got |is )?(?:solved|fixed|sorted|resolved)', score: 3 },
    { pattern: '(?:solved|fixed|sorted|resolved) (?:my|the|our) (?:problem|issue|fault)', score: 3 },
    {
      pattern: '(?:no|zero|without any|without|barely any|hardly any) (?:hold|wait|waiting|queue)(?: time)?',
      score: 2,
    },
    { pattern: '(?:straight|right) through to', score: 2 },
    { pattern: '(?:the )?right (?:team|person|department|people)', score: 1 },
    {
      pattern: '(?:arrived|came|delivered|turned up|showed up|got here)(?: <w>){0,3} (?:on time|early)',
      score: 2,
    },
    { pattern: '(?:on time|ahead of schedule|(?:a|one|two|\\d+) days? early)', score: 2 },
    {
      pattern:
        '(?:in|within|under|less than) (?:\\d+|a few|two|five|ten|fifteen|twenty) (?:min|mins|minutes|seconds)',
      score: 1,
    },
    { pattern: '(?:same|next)[- ]day', score: 1 },
    // Counterfactuals: "it would have been nice to be told" is an unmet expectation.
    {
      pattern:
        "(?:would(?:'ve| have)|could(?:'ve| have)|it'd have) been (?:nice|good|great|helpful|useful|better)",
      score: -2,
    },
    { pattern: '(?:it )?would be (?:nice|good|great|helpful) if', score: -1 },
    {
      pattern:
        "(?:could|could've|could have|should|should've|should have) (?:been |be )?(?:a lot |much |a bit |a little |way )?(?:better|quicker|faster|cheaper|clearer|easier|simpler|shorter|sooner)|room for improvement",
      score: -2,
    },
    // Churn threats and disputes: the strongest signal a care team can get, often with no sentiment word.
    {
      pattern: `${NOT} (?:be )?(?:buying|buy|ordering|order|shopping|shop|dealing|deal|using|use|renewing|renew)(?: <w>){0,4} (?:again|ever again)`,
      score: -4,
    },
    { pattern: `(?:never again|${NOT} (?:be )?(?:coming|come|going|go) back)`, score: -3 },
    {
      pattern:
        "(?:won't|will not|not going to|am not|i'm not|won't be|will not be|not be) (?:renewing|renew|continuing|extending|staying)",
      score: -3,
    },
    {
      pattern:
        "(?:would not|wouldn't|won't|will not|never|can't|cannot|couldn't|could not|don't|do not) (?:ever )?recommend",
      score: -3,
    },
    {
      pattern:
        '(?:cancel(?:l?ing|l?ed)?|close|closing|closed|terminate|terminating|terminated|end|ending|leave|leaving) (?:my|the|our|this) (?:account|contract|subscription|membership|service|plan|policy|order|broadband|line)',
      score: -3,
    },
    { pattern: '(?:cancel|close|terminate) (?:it|everything)', score: -2 },
    {
      pattern:
        '(?:switch|switching|switched|move|moving|moved|go|going|port|porting)(?: over)? to (?:another|a different|a new|a cheaper|a competitor|your competitor|the competition|(?:<w> )?(?:instead|elsewhere))',
      score: -3,
    },
    {
      pattern:
        '(?:look|looking|shop|shopping|searching)(?: around)? (?:at|for) (?:other|another|a new|a different|alternative) (?:<w> )?(?:providers?|companies|company|suppliers?|carriers?|banks?|networks?|options|deals)',
      score: -3,
    },
    { pattern: '(?:shop|shopping|looking) around', score: -2 },
    { pattern: '(?:take|taking|took) my (?:business|money|custom) (?:elsewhere|somewhere else)', score: -3 },
    { pattern: "(?:i'm|i am|we're|we are) (?:leaving|done with you|off)", score: -3 },
    { pattern: '(?:dispute|disputing|disputed) (?:the |this |a )?(?:charge|payment|transaction)', score: -3 },
    {
      pattern:
        '(?:report|reporting|complain|complaining|escalate|escalating)(?: <w>){0,2} to (?:the )?(?:ombudsman|regulator|trading standards|ofcom|fcc|bbb|better business bureau)',
      score: -4,
    },
    { pattern: '(?:legal action|small claims|my lawyer|my solicitor)', score: -3 },
    { pattern: '(?:i|we) (?:give|gave) up', score: -3 },
    { pattern: '(?:give|gave|giving|given) up', score: -2 },
    // Waiting and chasing.
    { pattern: '(?:still|been) (?:waiting|waitin|chasing)', score: -3 },
    // A problem that persists: "still don't have a working line", "still not fixed".
    {
      pattern:
        "still (?:don't|do not|doesn't|does not|haven't|have not|hasn't|has not|can't|cannot|isn't|is not|aren't|not|no|without)",
      score: -2,
      negates: true,
    },
    {
      pattern:
        'still (?:nothing|no (?:sign|word|reply|response|answer|update|news|refund|money|call|callback))',
      score: -3,
    },
    {
      pattern: `(?:an?|one|two|three|\\d+|<w>ty)(?: <w>)? (?:hours?|hrs?|minutes?|mins?)(?: long)? (?:on hold|in (?:a |the )?queue|of waiting|waiting|wait|hold)`,
      score: -3,
    },
    {
      pattern:
        '(?:on hold|in (?:a |the )?queue|waited|waiting|hold time|wait time|wait)(?: for)?(?: over| almost| nearly| more than| about)? (?:an? (?:hour|hr)|\\d+ ?(?:hours?|hrs?)|\\d+ ?h\\d*m?|hours|ages|forever|days|weeks)',
      score: -3,
    },
    { pattern: 'on hold', score: -1 },
    {
      pattern:
        "(?:can't|couldn't|cannot|could not|unable to|impossible to|never) (?:get through|get hold of|reach|contact|speak to)",
      score: -3,
    },
    { pattern: '(?:once|when|after) (?:i|we) (?:finally )?got through', score: -1 },
    {
      pattern: 'finally (?:got through|got (?:a|an|to|hold of)|reached|someone|somebody|answered)',
      score: -1,
    },
    {
      pattern: `(?:no(?: ?one|body)|${NOT}) (?:<w> )?(?:called|rang|phoned|emailed|got|get|gets|getting|came) (?:me |us )?back`,
      score: -3,
    },
    { pattern: 'called (?:me |us )?back', score: 1 },
    {
      pattern:
        '(?:no(?: ?one|body)) (?:<w> )?(?:called|rang|came|turned up|showed up|contacted|replied|answered|responded|told|knows|cares|listens|helped|bothered)',
      score: -3,
    },
    {
      pattern:
        '(?:no|never got an?|never received an?) (?:reply|response|answer|update|follow[- ]?up|call ?back|callback|explanation|apology|communication|contact|notice|warning)',
      score: -2,
    },
    // Something the customer is owed, missing.
    {
      pattern:
        '(?:and|but|still|yet|with|so far) no (?:refund|money|compensation|credit|replacement|solution|fix|engineer|technician|service|internet|signal|connection|power|delivery)',
      score: -3,
    },
    {
      pattern: `(?:had|have|having|needed|need) to (?:call|ring|phone|email|write|ask|chase|contact)(?: <w>){0,3}? (?:${FEW} times|again|twice|repeatedly|every day)`,
      score: -3,
    },
    {
      pattern:
        '(?:before|until) (?:anyone|someone|somebody|they|anybody) (?:finally )?(?:took|listened|helped|answered|bothered|did anything|called)',
      score: -2,
    },
    {
      pattern: `${NOT} (?:even )?(?:showed up|show up|shown up|turned up|turn up|arrived|arrive|came|come through|been delivered|delivered|received|got here|been refunded|refunded|been credited|credited)`,
      score: -3,
    },
    {
      pattern:
        '(?:had|have|having|need|needed) to (?:chase|call back|ring back|call again|ring again|keep calling|keep chasing)',
      score: -2,
    },
    { pattern: '(?:chase|chasing|chased)', score: -2 },
    // Runaround: transfers, repeating yourself, no record, contradicting answers.
    {
      pattern: '(?:passed|transferred|bounced|pushed) (?:around|from pillar to post|from one <w> to another)',
      score: -3,
    },
    {
      pattern: `(?:explain|explained|explaining|repeat|repeated|repeating|tell|told|telling) (?:<w> ){0,4}?(?:again|${FEW} (?:different )?(?:people|agents|times|departments)|from (?:the start|scratch|the beginning)|over and over)`,
      score: -3,
    },
    {
      pattern: `(?:${FEW}|second|third|fourth|fifth) (?:different )?(?:people|agents|departments|times|calls|attempts|tries|emails|chats|visits|engineers|technicians)`,
      score: -1,
    },
    {
      pattern: `(?:took|takes|taking|took me) (?:<w> ){0,2}?${FEW} (?:calls|attempts|tries|weeks|months|visits|goes)`,
      score: -2,
    },
    {
      pattern:
        '(?:second|third|fourth|fifth|another) (?:outage|failure|fault|breakdown|missed appointment|replacement)',
      score: -1,
    },
    { pattern: '(?:no|not|without) (?:a )?(?:record|note|trace|sign) of', score: -2 },
    { pattern: '(?:no|not) <w> on (?:file|record|the system)', score: -2 },
    {
      pattern:
        "(?:nobody|no one|none of (?:you|them|the <w>)|don't|doesn't|never) (?:<w> ){0,2}?talks? to each other",
      score: -3,
    },
    { pattern: "left hand (?:doesn't|does not) know", score: -3 },
    {
      pattern: '(?:read|reading|reads|stuck to|sticking to|following)(?: <w>){0,3} script|scripted',
      score: -2,
    },
    { pattern: "(?:that's|it's|that is|it is) (?:the|your|our|company) (?:problem|issue|policy)", score: -2 },
    { pattern: 'hid(?:e|es|ing) behind (?:the |your |their )?(?:policy|policies|terms)', score: -3 },
    { pattern: '(?:known|ongoing) (?:issue|problem|fault|bug|outage)', score: -1 },
    {
      pattern:
        '(?:keeps?|kept|keeping) (?:crashing|freezing|failing|dropping|disconnecting|cutting out|logging (?:me )?out|saying|sending|asking|telling|repeating|declining|breaking|happening)',
      score: -2,
    },
    { pattern: '(?:logs?|logged|kicks?|kicked|throws?|threw) (?:me|us) out', score: -2 },
    { pattern: 'every (?:single )?time (?:i|we) (?:try|call|log|open|use|ring)', score: -2 },
    {
      pattern:
        "(?:not|isn't|wasn't|stopped|doesn't|does not|won't|will not|didn't) (?:even )?(?:working|work|load|loading|connect|connecting)",
      score: -3,
    },
    {
      pattern: "(?:doesn't|does not|didn't|did not|don't) (?:match|correspond to|look like) (?:the|its|what)",
      score: -3,
    },
    { pattern: 'not as (?:described|advertised|pictured|promised)', score: -3 },
    { pattern: 'hung up|hang up on|hangs up on|cut me off', score: -3 },
    // Money.
    {
      pattern:
        '(?:charged|billed|debited) (?:me )?(?:twice|two times|double|again|for nothing)|double[- ]charged|duplicate (?:charge|payment)|overcharged',
      score: -3,
    },
    { pattern: 'hidden (?:fees|charges|costs)', score: -3 },
    {
      pattern:
        '(?:price|prices|bill|bills|fees?|tariff|premium|cost|costs|rate|rates) (?:has |have )?(?:went up|gone up|go up|going up|increased|doubled|jumped|rose|risen)',
      score: -2,
    },
    { pattern: '(?:price|fee|bill) (?:hike|increase|rise)', score: -2 },
    { pattern: '(?:with|without) (?:no |any )?(?:notice|warning|explanation)', score: -2 },
    { pattern: 'what (?:exactly )?am i paying for', score: -3 },
    { pattern: 'half a (?:service|job|product)', score: -2 },
    { pattern: 'you get what you pay for', score: -2 },
    { pattern: 'new customers get', score: -2 },
    { pattern: 'loyalty (?:counts|means|gets you|gets me|is worth) (?:for )?nothing', score: -3 },
    // Verdicts.
    { pattern: '(?:0|zero|1|one|no|minus) stars?', score: -3 },
    { pattern: '(?:5|five|10|ten) stars?', score: 3 },
    {
      pattern: 'waste of (?:time|money|space|effort)|wasted (?:my|an|a|the whole|hours|so much|our)',
      score: -3,
    },
    { pattern: 'for nothing', score: -2 },
    { pattern: '(?:gone|going|went) downhill|not what it used to be', score: -3 },
    { pattern: '(?:hire|need|get) more (?:people|staff|agents)|(?:under|short)[- ]?staffed', score: -2 },
    { pattern: '(?:what|such) a (?:joke|farce|mess|shambles)', score: -3 },
    { pattern: "(?:is this|this is|that's|that is) how you treat", score: -3 },
    // An elliptic negation closing a clause: "customer service, not so much".
    { pattern: '(?:not so much|not really|not that much)(?=[.!?]*$)', score: -2 },
    { pattern: "couldn't care less", score: -3 },
    { pattern: '(?:back up|back online|up and running)', score: 1 },
    { pattern: '(?:works|working|worked) (?:perfectly|great|fine|again|like a charm|a treat)', score: 2 },
  ],

  negators: [
    'not',
    'no',
    'never',
    'none',
    'nobody',
    'nothing',
    'neither',
    'nor',
    'without',
    'cannot',
    'hardly',
    'barely',
  ],
  negatorSuffixes: ["n't"],
  negationBoosters: ['at all', 'whatsoever', 'in the slightest', 'one bit'],
  intensifiers: {
    very: 1.5,
    really: 1.5,
    so: 1.4,
    extremely: 1.8,
    incredibly: 1.8,
    super: 1.5,
    totally: 1.5,
    absolutely: 1.8,
    completely: 1.5,
    utterly: 1.8,
    truly: 1.5,
    highly: 1.5,
    most: 1.3,
    such: 1.3,
    still: 1.3,
    slightly: 0.6,
    somewhat: 0.6,
    fairly: 0.7,
    bit: 0.6,
    'kind of': 0.6,
  },
  contrast: [
    'but',
    'however',
    'although',
    'though',
    'except',
    'whereas',
    'on the other hand',
    'apart from',
    'other than that',
    'that said',
    'mind you',
    'only thing',
    'only issue',
    'only problem',
    'only complaint',
    'only downside',
  ],
  trailingContrast: ['though', 'tho', 'however'],
  sarcasm: [
    // "Great, another hour on hold": praise as an opener, then a complaint.
    '(?:^|[.!?] )(?:oh )?(?:great|wonderful|fantastic|brilliant|perfect|lovely|super|awesome|terrific|marvellous|marvelous)[,!.]* (?:another|just|now|so now|more|again|yet another|thanks)',
    '(?:^|[.!?] )(?:oh |wow,? |gee,? )(?:great|thanks|thank you|wonderful|brilliant|perfect)',
    'yeah right',
    '(?:thanks|thank you) for nothing',
    // "Nice to know …" after a complaint; "good to know" is too often sincere to list.
    'nice to know',
    'just what i (?:needed|wanted)',
    // A bare verdict of praise closing a complaint: "…two hours on hold. Great service."
    '[.!?] (?:great|fantastic|brilliant|excellent|amazing|wonderful|superb|stellar|top) (?:customer )?(?:service|job|support|work)[.!]*$',
  ],
  mixedCues: [
    'mixed (?:feelings|bag|experience|emotions|reviews?)',
    'pros and cons',
    'ups and downs',
    'hit (?:and|or) miss',
    'good and (?:the )?bad',
    'some good,? some bad',
    'love[- ]hate',
  ],
  respellings: {
    // Apostrophes customers leave out, so negation and phrases still match.
    dont: "don't",
    didnt: "didn't",
    doesnt: "doesn't",
    isnt: "isn't",
    wasnt: "wasn't",
    werent: "weren't",
    arent: "aren't",
    couldnt: "couldn't",
    wouldnt: "wouldn't",
    shouldnt: "shouldn't",
    cant: "can't",
    wont: "won't",
    havent: "haven't",
    hasnt: "hasn't",
    hadnt: "hadn't",
    aint: "ain't",
    im: "i'm",
    ive: "i've",
    youre: "you're",
    thats: "that's",
    // Frequent misspellings of scored words.
    helpfull: 'helpful',
    usefull: 'useful',
    pacient: 'patient',
    patiant: 'patient',
    proffesional: 'professional',
    profesional: 'professional',
    excelent: 'excellent',
    exellent: 'excellent',
    definately: 'definitely',
    dissapointed: 'disappointed',
    disapointed: 'disappointed',
    dissapointing: 'disappointing',
    terible: 'terrible',
    horible: 'horrible',
    aweful: 'awful',
    rediculous: 'ridiculous',
    incompetant: 'incompetent',
    recieved: 'received',
    greatful: 'grateful',
    thx: 'thanks',
    thankyou: 'thank you',
    ty: 'thank you',
    gr8: 'great',
    gud: 'good',
    luv: 'love',
    u: 'you',
    ur: 'your',
  },
  foldDiacritics: false,
};
