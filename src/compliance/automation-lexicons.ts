import { createLexicon } from './lexicon';

/** Lexicons and patterns of the driver-assistance and automation claims (RULES.md §4.1, §3.2–3.3). */

export const autonomyLexicon = createLexicon([
  // en
  'self-driving', 'self-drive', 'self-driven', 'autonom*', 'semi-autonom*', 'fully-autonom*', 'driverless', 'drives itself', 'drive itself', 'driving itself',
  'drove itself', 'drives on its own', 'drive on its own', 'driving on its own', 'drives by itself', 'drive by itself',
  'drives all by itself', 'drives all on its own', '*autopilot*', 'full self-driving', 'does the driving', 'do the driving',
  'does all the driving', 'do all the driving', 'doing the driving', 'your car drives you', 'drives you home', 'drives you to',
  'drive you home', 'drives for you', 'drive for you', 'robot chauffeur', 'robotdriver', 'robot driver', 'leave the driving to',
  'takes care of the driving', "you don't have to drive", "you don't need to drive", 'no need to drive', 'takes the wheel',
  'takes over the driving', 'takes over driving', 'drives so you', 'chauffeurs you', 'personal chauffeur', 'your own chauffeur', 'the car that drives you', 'a car that drives you', 'car that drives itself',
  'take a break from driving', 'break from driving', 'autodrive', 'auto drive', 'fsd', 'chauffeur mode', 'level 4', 'level 5', 'level-4', 'level-5', 'automatic driving', 'automatisches fahren',
  'automatisch fahren', 'conduite automatique',
  'your chauffeur', 'private chauffeur',
  // de
  'selbstfahrend*', 'selbst fahrend*', 'fahrerlos*', 'fährt ganz allein*', 'fährt allein*', 'fährt von allein*', 'fährt von selbst',
  'fährt selbst', 'fährt selbstständig', 'fährt selbständig', 'selbstständig fahren*', 'selbständig fahren*', 'selbstständiges fahren',
  'übernimmt das fahren', 'übernimmt das steuer', 'übernimmt für sie', 'chauffeur ohne fahrer', 'fährt für sie',
  'erledigt das fahren', 'sie müssen nicht mehr fahren', 'müssen nicht mehr selbst fahren', 'nicht mehr selbst fahren', 'sich fahren lassen',
  // fr
  'conduite autonome', 'voiture autonome', 'véhicule autonome', 'se conduit tout seul', 'se conduit toute seule', 'se conduit seule',
  'se conduit seul', 'conduit tout seul', 'conduit toute seule', 'pilote automatique', 'conduit à votre place', 'conduit pour vous',
  "s'occupe de la conduite", 'prend le volant', 'laissez la voiture conduire', 'laissez-la conduire',
  // other
  'zelfrijdend*', 'autonoom*', 'piloto automático', 'pilota automatico', 'guida autonoma', 'conducción autónoma', 'coche autónomo',
]);

/** "it drives (…) by itself" with a few words in between (lex view). */
export const drivesByItself = new RegExp(
  [
    String.raw`\b(?:drives|drive|driving|steers)\b(?:\s+\S+){0,4}?\s+(?:all\s+)?(?:by itself|on its own|itself)\b`,
    String.raw`(?<!\b(?:die|eine|gute|jede|ihre|lange|der|nachste|erste)\s)\bfahrt\b(?:\s+\S+){0,4}?\s+(?:ganz\s+)?(?:von\s+)?(?:allein|alleine|selbststandig|selbstandig)\b`,
    String.raw`\blet(?:s)? (?:the |your )?\S+ (?:take you|drive you|chauffeur you|drive)\b`,
    String.raw`\b(?:se conduit|conduit|roule)\b(?:\s+\S+){0,3}?\s+(?:toute?s? seule?s?|d'elle[- ]?meme|par elle[- ]?meme|d'elle[- ]?seule|tout seul)\b`,
  ].join('|'),
  'g',
);

/** Softer paraphrases (Appendix C.1): count only in a driving context and when the car, not "we", is the subject. */
export const paraphraseLexicon = createLexicon([
  'handles it', 'handles it all', 'handles everything', 'handle everything', 'handles the rest', 'does the rest', 'do the rest',
  'takes care of everything', 'take care of everything', 'takes care of it all', 'sit back and let', 'sit back while', 'sit back, it',
  'sit back and relax while', "it's got this", 'it has got this', "it's got you", 'got this covered', 'without lifting a finger',
  'takes over', 'übernimmt', 'got this', 'handles the highway', 'handles the motorway', 'handles the traffic', 'handles traffic',
  'handles the commute', 'handles the jam', 'handles the driving', 'handles the road', 'erledigt den rest', 'kümmert sich um alles', 'lehnen sie sich zurück und lassen', "s'occupe de tout",
  'fait le reste', 'prend le relais', 'prend les commandes', 'sans rien faire',
]);
export const drivingContext = /\b(?:assist\w*|pilot\w*|driv\w*|traffic|jam|motorway|highway|autobahn|autoroute\w*|freeway|stau\w*|fahr\w*|conduit\w*|conduire|route|lane|spur|voie|cruise|steer\w*|lenk\w*|commute|road|strasse\w*|embouteillage|bouchon\w*)\b/;
/** Device emoji count as an eyes-off activity only next to wording about the car moving (§3.1 step 6). */
export const screenWhileDriving = /\b(?:motorway|highway|autobahn|autoroute|freeway|interstate|assist\w*|pilot\w*|mode|cruise|cruising|traffic|jam|stau\w*|commute|while (?:you )?driv\w*|on the road|unterwegs|en route|sur la route)\b/;
export const humanSubject = /(?:\bwe|\bwe'll|\bwir|\bnous|\bteam|\bdealer|\bhandler|\bconcessionnaire|\bus)\s+(?:\w+\s+){0,1}$/;
export const costsAfter = /^\s*(?:(?:die|den|alle|ihre|ihren|the|your)\s+)?(?:kosten|gebuhr\w*|rate\w*|versicherung|anzahlung|wartung|steuer|erste\w*|mehrkosten|costs?|fees?|payments?|lease)\b/;

/** Established terms (§3.3) and range words that contain an autonomy stem. */
export const rangeWords = /^(?:autonomie|autonomia|autonomias|autonomies)$/;
export const establishedAfter = /^\s*(?:\(?\s*aeb|emergency|notbrems\w*|brems\w*|braking|brake|notfall\w*|emergency steering)/;
export const establishedBefore = /(?:freinage|frenado|frenata|frenage)\s*(?:d'?\s*urgence|de emergencia|di emergenza)?\s*$/;
export const takesOverAfter = /^\s*(?:\S+\s+){0,3}?(?:the\s+|das\s+|die\s+|le\s+|la\s+)?(?:steering|braking|acceleration|speed|distance|lenkung|lenken|bremsung|bremsen|abstand|direction|freinage)\b/;

export const handsOffLexicon = createLexicon([
  'hands-free driving', 'drive hands-free', 'driving hands-free', 'go hands-free', 'hands-off', 'take your hands off',
  'hands off the wheel', 'let go of the wheel', 'let go of the steering wheel', 'let go of the steering', 'no hands needed',
  'no hands', 'look, no hands', 'without your hands', 'without hands', 'hands in your lap', 'hands-free', 'release the wheel',
  'free your hands', 'hands off the steering wheel', 'no need to hold the wheel', 'without touching the wheel', 'ohne das lenkrad zu berühren', 'ohne das lenkrad', 'no need to keep your hands on',
  "don't need to hold the wheel", "don't have to hold the wheel", 'without holding the wheel', "don't have to steer", 'no need to steer',
  'müssen nicht mehr lenken', 'nicht mehr lenken', 'ohne zu lenken', 'plus besoin de tenir le volant', 'sans tenir le volant', 'sans toucher le volant',
  'hände weg vom lenkrad', 'hände vom lenkrad', 'freihändig*', 'lenkrad los*', 'ohne hände', 'hände in den schoß',
  'lenkrad nicht mehr halten', 'lenkrad nicht festhalten', 'lenkrad nicht halten',
  'sans les mains', 'lâchez le volant', 'lâcher le volant', 'lâchez-le', 'mains libres au volant', 'conduite mains libres',
  'conduire mains libres', 'mains libres', 'mains hors du volant', 'retirez vos mains du volant', 'mains libres sur autoroute', "mains libres sur l'autoroute",
  'manos fuera del volante', 'sin manos', 'senza mani', 'zonder handen', 'handsfree rijden',
]);
export const handsFreeNonDriving = /^[\s-]*(?:\w+\s+){0,1}(?:call\w*|phone\w*|telephon\w*|bluetooth|liftgate|tailgate|boot|trunk|access|entry|opening|kit|voice|parking|charging|texting|messaging|audio|telefon\w*|kofferraum\w*|heckklappe\w*|pour (?:le |vos )?(?:telephone|appels?)|telephone|appels?|coffre|hayon)/;
export const handsFreeBefore = /(?:bluetooth|kit|telephone|phone|appels?|appeler|telephoner|kits)\s*$/;

export const eyesOffLexicon = createLexicon([
  'eyes off the road', 'eyes-off', 'eyes off', 'look away', 'looking away', 'take your eyes off', 'watch a movie', 'watch movies',
  'watch a film', 'watch films', 'watch your favourite', 'watch your favorite', 'watch tv', 'watch videos', 'watch a video',
  'watch netflix', 'watch shows', 'watch your shows', 'watch a show', 'catch up on your shows', 'catch up on shows', 'stream your shows',
  'stream shows', 'stream movies', 'stream a movie', 'stream your favourite', 'stream your favorite', 'stream films', 'stream videos',
  'binge*', 'read the news', 'read the paper', 'read a book', 'read your book', 'read the newspaper', 'read your emails', 'read emails',
  'read your email', 'read your messages', 'read messages', 'work on your laptop', 'open your laptop', 'answer emails', 'answer your emails',
  'answer email', 'catch up on emails', 'catch up on email', 'catch up on work', 'text your friends', 'text friends', 'send texts',
  'send a text', 'send messages', 'reply to your texts', 'reply to texts', 'reply to your messages', 'reply to messages', 'reply to emails',
  'reply to your emails', 'check your email', 'check your emails', 'check your messages', 'check social media',
  'scroll your feed', 'scroll social', 'doomscroll*', 'browse the web', 'surf the web', 'play games', 'play a game',
  'play video games', 'join a video call', 'join a meeting', 'join meetings', 'screenactivity', 'no need to watch the road', 'eyes-free',
  'get some work done', 'get work done', 'finish that report', 'enjoy a movie', 'enjoy a film', 'video chat', 'facetime', 'check instagram',
  'browse the internet', 'surf the internet', 'read a magazine', 'do your emails', 'answer messages', 'write emails', 'write an email',
  'send an email', 'send emails', 'texting while', 'text and drive', 'watching a movie', 'watching movies', 'watching a film', 'watching films',
  'reading emails', 'reading your emails', 'answering emails', 'replying to texts', 'replying to emails', 'scrolling through your feed',
  'scrolling your feed', 'streaming your favourite', 'streaming your favorite', 'streaming your shows',
  'e-mails checken', 'mails checken', 'im netz surfen', 'einen film genießen', 'serien gucken', 'zocken',
  'naviguer sur internet', 'surfer sur internet', 'écrire des e-mails', 'répondre à vos mails', 'regarder vos vidéos', 'regarder des vidéos',
  'regarder une vidéo', 'regarder la télé',
  "don't need to watch the road", "don't have to watch the road", 'stop watching the road', 'text while driving', 'use your phone while',
  'on your phone while', 'aufs handy schauen', 'blick aufs handy', 'handy benutzen', 'regarder votre téléphone', 'consulter votre téléphone',
  'plus besoin de regarder la route',
  'blick vom verkehr', 'blick von der straße', 'augen von der straße', 'film schauen', 'filme schauen', 'film ansehen', 'filme ansehen',
  'film gucken', 'filme gucken', 'serie schauen', 'serien schauen', 'serien streamen', 'e-mails lesen', 'mails lesen', 'e-mails beantworten',
  'e-mails schreiben', 'nachrichten schreiben', 'nachrichten lesen', 'nachrichten beantworten', 'nebentätigkeit*', 'zeitung lesen',
  'buch lesen', 'im internet surfen', 'am laptop arbeiten', 'spiele spielen', 'wegschauen', 'wegsehen', 'videos schauen', 'videos ansehen',
  'quittez la route des yeux', 'quitter la route des yeux', 'lire vos e-mails', 'lire vos mails', 'lire vos messages', 'lire le journal',
  'lire un livre', 'regarder un film', 'regardez un film', 'regarder des films', 'regarder vos séries', 'regardez vos séries',
  'regarder une série', 'regardez une série', 'envoyer des messages', 'envoyez des messages', 'répondre à vos messages',
  'répondez à vos messages', 'répondre à vos e-mails', 'répondez à vos e-mails', 'consulter vos e-mails', 'consultez vos e-mails',
  'détournez le regard', 'détourner le regard', 'jouer à des jeux',
]);

export const noFallbackLexicon = createLexicon([
  'sleep*', 'asleep', 'nap', 'naps', 'napping', 'snooze*', 'shut-eye', 'doze*', 'close your eyes', 'eyes closed', 'rest your eyes',
  'zzz', 'forty winks', 'while you dream', 'be the passenger', 'become the passenger', 'dösen', 'get some rest', 'take a rest', 'ausruhen', 'se reposer', 'reposez-vous', 'back seat', 'backseat', 'climb into the back', 'move to the back', "leave the driver's seat", 'leave your seat', 'leave the seat',
  'be a passenger', 'become a passenger', 'just a passenger', 'ride as a passenger', 'like a passenger', 'as a passenger',
  'no driver needed', 'no driver required', 'no driver necessary', 'without a driver', 'never take over', 'never need to take over',
  'never have to take over', 'never need to intervene', 'never have to intervene', 'no need to take over', 'no takeover',
  'schlaf*', 'einschlafen', 'nickerchen', 'augen zu*', 'augen schließen', 'rückbank', 'rücksitz', 'nur beifahrer', 'nur noch beifahrer',
  'zum beifahrer', 'als beifahrer', 'kein fahrer nötig', 'kein fahrer notwendig', 'ohne fahrer', 'fahrersitz verlassen', 'nie übernehmen',
  'dormir', 'dormez', 'endormir', 'sieste', 'fermez les yeux', 'fermer les yeux', 'yeux fermés', 'simple passager', 'devenez passager',
  'en passager', 'comme un passager', 'sans conducteur', 'siège arrière', 'banquette arrière', 'faire un somme', 'petit somme', 'roupillon',
]);
export const sleepIdiom = /^\s*(?:easy|easier|soundly|well|better|tight|mode|peacefully at night)\b/;
export const sleepIdiomBefore = /(?:good night'?s|restful|better|quality)\s*$/;

export const automatedLexicon = createLexicon([
  'automated driving', 'automated drive', 'automated mode', 'conditionally automated', 'level 3', 'level-3', 'sae level 3', 'stufe 3',
  'niveau 3', 'automatisiertes fahren', 'automatisiert fahren', 'hochautomatisiert*', 'conduite automatisée', 'eyes-off', 'takes over',
  'übernimmt', 'prend le relais', 'drives for you', 'lets you relax', 'sit back', 'lehnen sie sich zurück', 'zurücklehnen', 'détendez-vous',
  'entspannen sie sich', 'relax and let', 'fährt sie', 'drives you', 'vous conduit',
]);

export const parkedContext = /\b(?:rest stop|rest area|service station|motorway services|rastplatz|raststatte|aire de repos|aire d'autoroute|charging|charge stop|recharg\w*|plugged in|parked|while (?:you|it|the car|your \w+) (?:park|parks|charge|charges|wait)|at the charger|stationary|at a standstill in a car park|laden\w*|ladestopp|ladepause|ladt|geparkt|im stand|beim parken|en charge|a l'arret|stationne\w*|borne\w*|pendant la recharge)\b/;
export const movingContext = /\b(?:while driving|while you drive|on the (?:motorway|highway|road|autobahn|freeway|interstate)|during (?:the|your) (?:drive|commute|journey|trip)|wahrend der fahrt|beim fahren|auf der autobahn|en roulant|pendant la conduite|en conduisant|sur l'autoroute|on the move|commute)\b/;

export const steeringPattern = new RegExp(
  [
    String.raw`\bhelps? (?:you )?(?:to )?steer\b`,
    String.raw`\bsteers\b`,
    String.raw`\bhelps? (?:you )?with (?:the )?steering\b`,
    String.raw`\bsteering (?:assist(?:ance)?|support|help)\b`,
    String.raw`\b(?:keeps?|keeping|holds?|stays?) (?:you |the car |the vehicle |it |your \w+ )?(?:centred |centered )?(?:in|within) (?:the |your |its )?(?:middle of the |centre of the |center of the )?lane\b`,
    String.raw`\bkeeps? (?:you |your car |it )?(?:in )?(?:the |your |its )lane\b`,
    String.raw`\blane[- ]?(?:centring|centering)\b`,
    String.raw`\b(?:automatic|automated|assisted) lane[- ]changes?\b`,
    String.raw`\bchanges? lanes? (?:automatically|for you|by itself|on its own)\b`,
    String.raw`\blenkt\b`,
    String.raw`\b(?:beim|mit) lenken\b`,
    String.raw`\blenkunterstutzung\b`,
    String.raw`\b(?:halt|halten) (?:\w+ ){0,4}(?:die |der )?spur\b`,
    String.raw`\bspur (?:und abstand )?(?:halt|halten)\b`,
    String.raw`\bmitte der spur\b`,
    String.raw`\bautomatische[nr]? spurwechsel\b`,
    String.raw`\bwechselt (?:automatisch )?die spur\b`,
    String.raw`\bdirige\b`,
    String.raw`\bmaintient (?:\w+ ){0,3}(?:dans |sur |au centre de )(?:la |sa |votre |leur )?voie\b`,
    String.raw`\bcentrage (?:dans|sur) la voie\b`,
    String.raw`\bau centre de (?:la |sa )?voie\b`,
    String.raw`\bchange (?:automatiquement )?de voie\b`,
    String.raw`\bchangement de voie automatique\b`,
    String.raw`\bvous aide a (?:diriger|braquer)\b`,
    String.raw`\bbraque\b`,
    String.raw`\b(?:gere|controle|assure) (?:la )?direction\b`,
    String.raw`\bdirection et (?:la )?vitesse\b`,
    String.raw`\blenkung und\b`,
    String.raw`\b(?:ubernimmt|steuert) (?:\S+ ){0,3}?(?:das |die )?lenk\w*`,
    String.raw`\btakes over (?:\S+ ){0,3}?(?:the )?steering\b`,
    String.raw`\bsteering and (?:speed|braking|acceleration)\b`,
    String.raw`\bhandles? (?:the )?steering\b`,
    String.raw`\btakes? over (?:the )?steering\b`,
  ].join('|'),
  'g',
);
export const steeringExempt = /\b(?:park\w*|einpark\w*|stationnement|creneau|warn\w*|alert\w*|nudg\w*|drift\w*|departure|vibrat\w*|unintentional\w*|korrigier\w*|avertit|alerte|gegen|gegenlenk\w*|verlassen|verlasst|back into|corrige\w*|ramene\w*|quittez|wander\w*)\b/;

export const supervisionPattern = new RegExp(
  [
    String.raw`hands on the (?:steering )?wheel`,
    String.raw`keep (?:your )?hands on`,
    String.raw`\b(?:stay|stays|remain|remains|be) (?:always |fully )?(?:alert|attentive|focused|engaged|in control|responsible|the driver|in charge)\b`,
    String.raw`\b(?:you|driver|drivers) (?:are|is|remain|remains|stay|stays) (?:always |still |fully )?(?:in control|responsible|the driver|in charge)\b`,
    String.raw`\bsupervis\w*`,
    String.raw`\beyes on the road\b`,
    String.raw`\bwatch(?:ing)? the road\b`,
    String.raw`\bkeep watching\b`,
    String.raw`\bpay attention\b`,
    String.raw`\bmonitor\w* the road\b`,
    String.raw`\bhande (?:\S+ )?(?:am|ans|auf dem) lenkrad\b`,
    String.raw`\baufmerksam\w*`,
    String.raw`\bbleiben (?:sie )?(?:jederzeit |immer |stets )?(?:der |die )?(?:fahrer\w*|verantwortlich)\b`,
    String.raw`\bverantwortung\b`,
    String.raw`\bbehalten (?:sie )?(?:jederzeit |immer |stets )?die kontrolle\b`,
    String.raw`\b(?:blick|augen) (?:\S+ )?(?:auf|bei) (?:die |der )?(?:strasse|verkehr)\b`,
    String.raw`\bkeep (?:both |your )?(?:hands|eyes) on\b`,
    String.raw`\buberwach\w*`,
    String.raw`\bmains sur le volant\b`,
    String.raw`\brestez (?:attentif\w*|vigilant\w*|concentre\w*|maitre\w*)`,
    String.raw`\bvigilan\w*`,
    String.raw`\battenti\w*`,
    String.raw`\bgardez (?:le controle|les yeux)`,
    String.raw`\bvous restez (?:le |la )?(?:conducteur|conductrice|responsable|maitre)`,
    String.raw`\b(?:yeux|regard) sur la route\b`,
    String.raw`\bsurveill\w*`,
  ].join('|'),
  'g',
);
