import type { ComplianceInputDraft } from './compliance-input';

/**
 * Named case table for the rules (STYLE.md §7): the pass/fail examples of
 * RULES.md §4 and Appendix C, plus obfuscation and negation variants of §3.
 * `expect` is the exact violation set; `contains` / `excludes` are used where
 * other rules may legitimately also fire.
 */
export interface RuleCase {
  readonly name: string;
  readonly input: ComplianceInputDraft;
  readonly expect?: readonly string[];
  readonly contains?: readonly string[];
  readonly excludes?: readonly string[];
}

type Vehicle = ComplianceInputDraft['vehicle'];
const l1: Vehicle = { model: 'Lumo e-City', adasLevel: 1, certifiedFeatures: [] };
const l2: Vehicle = { model: 'Meridian Tourer', adasLevel: 2, certifiedFeatures: [] };
const l2Kestrel: Vehicle = { model: 'Kestrel Pickup', adasLevel: 2, certifiedFeatures: [] };
const l2HandsOff: Vehicle = { model: 'Norvik Atlas', adasLevel: 2, certifiedFeatures: ['L2_HANDS_OFF:mapped_motorway'] };
const l3De: Vehicle = { model: 'Aurelia S9 e', adasLevel: 3, certifiedFeatures: ['L3_EYES_OFF:motorway:95kmh'] };
const l3Ca: Vehicle = { model: 'Aurelia S9', adasLevel: 3, certifiedFeatures: ['L3_EYES_OFF:motorway:40mph:daylight'] };
const consent = { telematicsMarketing: false, channelMarketing: true };

function c(name: string, market: ComplianceInputDraft['market'], vehicle: Vehicle, text: string, expectation: Omit<RuleCase, 'name' | 'input'>, channel: ComplianceInputDraft['channel'] = 'hmi_card', cons = consent): RuleCase {
  return { name, input: { market, channel, vehicle, consent: cons, text }, ...expectation };
}

export const ruleCases: readonly RuleCase[] = [
  // ADAS-001
  c('ADAS-001 fail: drives itself', 'US', l2Kestrel, 'The Kestrel steers, brakes and drives itself on long interstate stretches.', { expect: ['ADAS-001'] }),
  c('ADAS-001 fail: City-Autopilot compound', 'DE', l1, 'Der Lumo e-City mit City-Autopilot.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: qualified name', 'UK', l2, 'Meet Autonomous Mode (beta, supervised) for the Meridian Tourer.', { expect: ['ADAS-001'] }),
  c('ADAS-001 fail: C.1 handles it in a jam', 'UK', l2, 'Stuck in a jam? Traffic Assist handles it while you relax.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: paraphrase', 'US', l2, 'Let the Meridian do the driving on your next road trip.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: French', 'FR', l2, 'Avec le pilote automatique, la Meridian se conduit toute seule.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: robot emoji', 'US', l2, 'Your Meridian has a 🤖 at the wheel on the highway now.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: got this (C.1)', 'US', l2, 'Take a break from driving – Meridian’s got this.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: German von allein', 'DE', l2, 'Der Meridian fährt im Stau ganz von allein.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: French prend le relais', 'FR', l2, 'Sur autoroute, la Meridian prend le relais.', { contains: ['ADAS-001'] }),
  c('ADAS-001 fail: sit back and let', 'US', l2, 'Just sit back and let the Meridian take you there.', { contains: ['ADAS-001'] }),
  c('ADAS-001 pass: post-denial', 'US-CA', l2, 'Meridian Highway Assist: hands-free is not supported. Keep your hands on the wheel and eyes on the road.', { expect: [] }),
  c('ADAS-001 pass: dealer does the rest', 'UK', l2, 'Book your Meridian service online and we do the rest.', { expect: [] }),
  c('ADAS-001 pass: denial', 'UK', l2, 'Traffic Assist does not make the Meridian autonomous: you remain the driver at all times.', { expect: [] }),
  c('ADAS-001 pass: AEB', 'US', l1, 'Every Lumo e-City comes with AEB (Autonomous Emergency Braking).', { expect: [] }),
  c('ADAS-001 pass: French autonomie = range', 'FR', l1, "Lumo e-City : 310 km d'autonomie (WLTP).", { excludes: ['ADAS-001'] }),
  c('ADAS-001 pass: German AEB', 'DE', l1, 'Der autonome Notbremsassistent hilft, Auffahrunfälle zu vermeiden.', { excludes: ['ADAS-001'] }),
  c('ADAS-001 pass: French AEB', 'FR', l1, "Freinage d'urgence autonome de série.", { excludes: ['ADAS-001'] }),
  c('ADAS-001 pass: co-pilot name only', 'UK', l2, 'Co-Pilot Assist: adaptive cruise control that keeps your distance. Stay attentive.', { excludes: ['ADAS-001'] }),
  c('C.7 co-pilot with hands-off claim is ADAS-002 only', 'UK', l2, 'Co-Pilot lets you go hands-free on the motorway.', { contains: ['ADAS-002'], excludes: ['ADAS-001'] }),
  c('C.1 listing controls is ADAS-007', 'US', l2, 'Highway Assist steers, brakes and accelerates for you.', { expect: ['ADAS-007'] }),
  // ADAS-002
  c('ADAS-002 fail: freihändig', 'DE', l2, 'Meridian Tourer: freihändig über die Autobahn gleiten.', { contains: ['ADAS-002'] }),
  c('ADAS-002 fail: French', 'FR', l2, 'Sur autoroute, lâchez le volant : la Meridian garde le cap.', { contains: ['ADAS-002'] }),
  c('ADAS-002 fail: no need to hold the wheel', 'US', l2, 'No need to keep your hands on the wheel – the Meridian has it covered.', { contains: ['ADAS-002'] }),
  c('ADAS-002 fail: French plus besoin', 'FR', l2, 'Plus besoin de tenir le volant sur autoroute avec la Meridian.', { contains: ['ADAS-002'] }),
  c('ADAS-002 pass: garage door hands-free', 'US', l2, 'Meridian HomeLink: open your garage hands-free.', { expect: [] }),
  c('ADAS-002 fail: French mains libres', 'FR', l2, 'Sur autoroute, roulez mains libres avec la Meridian.', { contains: ['ADAS-002'] }),
  c('ADAS-002 pass: kit mains libres', 'FR', l2, 'Meridian : kit mains libres Bluetooth et hayon mains libres de série.', { expect: [] }),
  c('ADAS-005 fail: French city for hands-off approval', 'FR', l2HandsOff, 'DriveAssist : mains libres en ville comme sur autoroute. Gardez les yeux sur la route.', { contains: ['ADAS-005'] }),
  c('ADAS-005 fail: German city traffic (L3)', 'DE', l3De, 'HighwayPilot fährt Sie bis 95 km/h über die Autobahn – auch im Stadtverkehr.', { expect: ['ADAS-005'] }),
  c('ADAS-002 pass: hands-free phone/boot', 'UK', l2, 'Meridian Tourer: hands-free boot opening and Bluetooth hands-free phone.', { expect: [] }),
  c('ADAS-002 pass: Freisprecheinrichtung', 'DE', l2, 'Mit Freisprecheinrichtung und Kofferraum mit Sensorsteuerung.', { excludes: ['ADAS-002'] }),
  c('ADAS-002 pass: never take hands off', 'US', l2, 'Never take your hands off the wheel: Highway Assist only supports you.', { excludes: ['ADAS-002'] }),
  // ADAS-003
  c('ADAS-003 fail: texts', 'US', l2, 'Long commute? Traffic Assist keeps pace so you can reply to your texts.', { contains: ['ADAS-003'] }),
  c('ADAS-003 fail: German film', 'DE', l2, 'Auf der Autobahn einfach einen Film schauen – der Meridian hält Abstand.', { contains: ['ADAS-003'] }),
  c('ADAS-003 pass: passengers watch a film', 'US', l2, 'Long road trip? Let the kids watch a movie on the rear screens.', { expect: [] }),
  c('ADAS-003 pass: parked and charging', 'UK', l1, 'Charging stop? Stream your favourite shows on the 15-inch screen while you park and charge.', { expect: [] }),
  c('ADAS-003 pass: L3 approval', 'DE', l3De, 'HighwayPilot: auf der Autobahn bis 95 km/h Filme ansehen. Auf Aufforderung übernehmen Sie sofort.', { expect: [] }),
  // ADAS-004
  c('ADAS-004 fail: Augen zumachen (L3)', 'DE', l3De, 'Lange Fahrt? Mit HighwayPilot einfach die Augen zumachen und ausruhen.', { expect: ['ADAS-004'] }),
  c('ADAS-004 fail: L2 sleep also fires ADAS-001', 'US', l2, 'Highway Assist is on. Time for a nap.', { contains: ['ADAS-001', 'ADAS-004'] }),
  c('ADAS-004 fail: sleep emoji', 'US-CA', l3Ca, 'HighwayPilot engaged 😴', { contains: ['ADAS-004'] }),
  c('ADAS-004 pass: schlafen nein', 'DE', l3De, 'Mit HighwayPilot auf der Autobahn bis 95 km/h: Zeitung lesen ja, schlafen nein – auf Aufforderung übernehmen Sie sofort.', { expect: [] }),
  c('ADAS-004 pass: bitte nicht schlafen', 'DE', l3De, 'HighwayPilot auf der Autobahn bis 95 km/h. Bitte nicht schlafen: Sie müssen jederzeit übernehmen können.', { excludes: ['ADAS-004'] }),
  c('ADAS-004 pass: nap at a rest area', 'US', l2, 'Long drive? Pull into a rest area and take a nap.', { expect: [] }),
  c('ADAS-004 pass: rest while parked', 'UK', l1, 'Charging stop? Have a nap while you charge at the hub.', { excludes: ['ADAS-004', 'ADAS-001'] }),
  // ADAS-005
  c('ADAS-005 fail: Landstraßen', 'DE', l3De, 'HighwayPilot übernimmt jetzt auch auf Landstraßen.', { expect: ['ADAS-005'] }),
  c('ADAS-005 fail: driveway to office', 'US', l2HandsOff, 'DriveAssist: hands-free from your driveway to the office.', { expect: ['ADAS-005'] }),
  c('ADAS-005 fail: night for daylight approval', 'US-CA', l3Ca, 'HighwayPilot lets you look away on designated highways at up to 40 mph, even at night. Take over when prompted.', { expect: ['ADAS-005'] }),
  c('ADAS-005 fail: speed above approval', 'DE', l3De, 'HighwayPilot: auf der Autobahn bis 130 km/h Filme schauen. Auf Aufforderung übernehmen.', { expect: ['ADAS-005'] }),
  c('ADAS-005 fail: another country', 'US', l2HandsOff, 'DriveAssist hands-free driving on pre-mapped highways across the US and Canada. Watch the road.', { expect: ['ADAS-005'] }),
  c('ADAS-005 pass: within ODD', 'UK', l2HandsOff, 'DriveAssist: hands-free only on qualified, pre-mapped motorway sections – and always with your eyes on the road.', { expect: [] }),
  // ADAS-006
  c('ADAS-006 fail: no limits (L2)', 'US-CA', l2HandsOff, 'Hands-free. Finally. Norvik Atlas DriveAssist.', { expect: ['ADAS-006'] }),
  c('ADAS-006 fail: no limits (L3)', 'US-CA', l3Ca, 'HighwayPilot: your S9 takes over so you can relax and look away.', { expect: ['ADAS-006'] }),
  c('ADAS-006 fail: bare highways for mapped approval', 'US', l2HandsOff, 'DriveAssist: hands-free on highways. Keep your eyes on the road.', { expect: ['ADAS-006'] }),
  c('ADAS-006 fail: C.2 bare region', 'US-CA', l3Ca, 'HighwayPilot lets you look away in California.', { expect: ['ADAS-006'] }),
  c('ADAS-006 pass: all limits', 'US-CA', l3Ca, 'In daylight on designated highways at up to 40 mph, HighwayPilot lets you look away from the road. Take over as soon as it asks you to.', { expect: [] }),
  // ADAS-007
  c('ADAS-007 fail: Spur und Abstand', 'DE', l2, 'Stauassistent: Ihr Meridian hält im Stau automatisch Spur und Abstand.', { expect: ['ADAS-007'] }),
  c('ADAS-007 fail: helps with steering', 'UK', l2, 'Traffic Assist helps with steering and spacing in queues.', { expect: ['ADAS-007'] }),
  c('ADAS-007 fail: lane centring FR', 'FR', l2, 'Le Meridian vous maintient au centre de la voie sur autoroute.', { contains: ['ADAS-007'] }),
  c('ADAS-007 fail: C.1 German listing of controls', 'DE', l2, 'Der Meridian übernimmt im Stau das Lenken, Bremsen und Beschleunigen.', { expect: ['ADAS-007'] }),
  c('ADAS-007 pass: corrective nudge', 'DE', l2, 'Der Spurhalteassistent lenkt sanft gegen, wenn Sie die Spur verlassen.', { expect: [] }),
  c('ADAS-007 pass: supervision', 'UK', l2, 'Traffic Assist helps with steering and spacing in queues. Stay attentive and keep your hands on the wheel.', { expect: [] }),
  c('ADAS-007 pass: ACC only', 'UK', l2, 'Adaptive cruise control keeps your distance to the car ahead.', { expect: [] }),
  c('ADAS-007 pass: lane departure warning', 'UK', l2, 'Lane Departure Warning alerts you if you drift out of your lane.', { expect: [] }),
  c('ADAS-007 pass: name only', 'UK', l2, 'Lane Keep Assist fitted as standard.', { expect: [] }),
  c('ADAS-007 pass: parking', 'UK', l2, 'Park Assist steers into the space for you.', { expect: [] }),
  // Obfuscation (§3.1)
  c('obfuscation: Cyrillic homoglyphs', 'US', l2, 'The Meridian is now ѕеlf-drіving on every trip.', { contains: ['ADAS-001'] }),
  c('obfuscation: zero-width', 'US', l2, 'The Meridian is now s\u200be\u200bl\u200bf-driving.', { contains: ['ADAS-001'] }),
  c('obfuscation: soft hyphen', 'DE', l2, 'Der Meridian mit Auto\u00adpilot.', { contains: ['ADAS-001'] }),
  c('obfuscation: letter-spacing', 'UK', l2, 'Meridian: a u t o p i l o t for the motorway.', { contains: ['ADAS-001'] }),
  c('obfuscation: leetspeak', 'US', l2, 'Try aut0n0m0us mode in your Meridian.', { contains: ['ADAS-001'] }),
  c('obfuscation: full-width', 'US', l2, 'ＳＥＬＦ-ＤＲＩＶＩＮＧ Meridian, finally.', { contains: ['ADAS-001'] }),
  c('obfuscation: mathematical bold', 'US', l2, '𝗔𝘂𝘁𝗼𝗽𝗶𝗹𝗼𝘁 now on the Meridian.', { contains: ['ADAS-001'] }),
  c('obfuscation: hands emoji', 'UK', l2, 'Motorway? Look, no 🙌!', { contains: ['ADAS-002'] }),
  c('obfuscation: device emoji while driving', 'UK', l2, 'Highway Assist on, 📺 on. Enjoy the drive.', { contains: ['ADAS-003'] }),
  c('obfuscation: device emoji not while driving', 'UK', l1, 'Get the Lumo app 📱 and check your charge level.', { excludes: ['ADAS-003'] }),
  c('C.6 homoglyph label counts as present', 'US', l2, 'Meridian financing from 2.99% АРR for qualified buyers.', { expect: [] }),
  // Negation (§3.2)
  c('negation: not an autonomous car', 'US', l2, 'This is not an autonomous car: keep your hands on the wheel.', { expect: [] }),
  c('negation: Autonomous? No.', 'UK', l2, 'Autonomous? No. Highway Assist supports you and you stay in control.', { expect: [] }),
  c('negation: kein autonomes Fahren', 'DE', l2, 'Kein autonomes Fahren: Sie bleiben verantwortlich.', { expect: [] }),
  c("negation: ce n'est pas", 'FR', l2, "Ce n'est pas un système de conduite autonome.", { expect: [] }),
  c('negation: Pas du tout', 'FR', l2, 'Conduite autonome ? Pas du tout.', { expect: [] }),
  c('intensifier: not just', 'US', l2, 'Not just self-driving: the Meridian is fun to drive.', { contains: ['ADAS-001'] }),
  c('intensifier: nicht nur', 'DE', l2, 'Nicht nur autonom, sondern auch sparsam.', { contains: ['ADAS-001'] }),
  c('intensifier: pas seulement', 'FR', l2, "Pas seulement autonome : elle est aussi confortable.", { contains: ['ADAS-001'] }),
  // FIN
  c('FIN-US-001 fail', 'US', l2, 'Meridian Tourer: 1.9% APR for 48 months.', { expect: ['FIN-US-001'] }),
  c('FIN-US-001 pass', 'US', l2, '1.9% APR for 48 months = 48 monthly payments of $21.65 per $1,000 financed; 15% down payment.', { expect: [] }),
  c('FIN-US-001 pass: APR alone', 'US', l2, 'Get 0% APR financing on the Meridian Tourer.', { expect: [] }),
  c('FIN-US-002 fail', 'US', l2, 'Meridian financing from 2.99%!', { expect: ['FIN-US-002'] }),
  c('FIN-US-002 pass', 'US', l2, 'Meridian financing from 2.99% APR for qualified buyers.', { expect: [] }),
  c('FIN-US-003 fail', 'US', l2, 'Meridian lease: just $1,999 due at signing!', { expect: ['FIN-US-003'] }),
  c('FIN-US-003 pass', 'US', l2, 'Closed-end lease: 39 monthly payments of $389, $1,999 due at signing, security deposit waived.', { expect: [] }),
  c('FIN-US-004 fail', 'US', l2, 'Meridian lease at 2.9% APR: 39 payments of $389, $1,999 due at signing, no security deposit.', { expect: ['FIN-US-004'] }),
  c('FIN-US-004 pass', 'US', l2, 'Meridian lease: 39 payments of $389, $1,999 due at signing, no security deposit.', { expect: [] }),
  c('FIN-UK-001 fail', 'UK', l2, 'Meridian Tourer on Hire Purchase: just £329 a month.', { expect: ['FIN-UK-001'] }),
  c('FIN-UK-001 pass', 'UK', l2, 'Representative example: cash price £19,495; deposit £2,000; credit £17,495; 36 payments of £279; optional final payment £9,950; total payable £21,994; 37 months; 5.9% fixed; 6.1% APR representative; no other charges.', { expect: [] }),
  c('FIN-UK-002 fail', 'UK', l2, 'Refused elsewhere? We say yes to car finance.', { expect: ['FIN-UK-002'] }),
  c('FIN-UK-002 pass', 'UK', l2, 'Poor credit history? Talk to us about car finance. Representative 17.9% APR. Subject to status.', { expect: [] }),
  c('FIN-EU-001 fail', 'EU', l2, 'Meridian Tourer: finance from €289/month.', { expect: ['FIN-EU-001'] }),
  c('FIN-EU-001 fail DE (+ENV-DE-001)', 'DE', l1, 'Lumo e-City finanzieren: nur 2,9 % Sollzins!', { expect: ['ENV-DE-001', 'FIN-EU-001'] }),
  c('FIN-EU-001 pass', 'EU', l2, 'Cash price €39,990, down payment €8,000, total credit €31,990, 60 monthly instalments of €616.97, fixed borrowing rate 5.9%, APR 6.06%, total payable €37,018.20, duration 60 months, no fees.', { expect: [] }),
  c('FIN-EU-001 pass: subscription price is not credit', 'FR', l2, 'Halden Connect+ : 1 mois offert, puis 7,99 €/mois, résiliable à tout moment.', { expect: [] }),
  c('FIN-FR-001 fail', 'FR', l2, 'Meridian Tourer à crédit : TAEG fixe 5,20 %.', { contains: ['FIN-FR-001'] }),
  c('FIN-FR-001 pass: warning present', 'FR', l2, "Financement de votre entretien. Un crédit vous engage et doit être remboursé. Vérifiez vos capacités de remboursement avant de vous engager.", { excludes: ['FIN-FR-001'] }),
  // ENV
  c('ENV-001 fail US', 'US', l1, 'Lumo e-City: 180 miles between charges.', { expect: ['ENV-001'] }),
  c('ENV-001 fail UK variance', 'UK', l1, 'Lumo e-City: 190 miles WLTP range.', { expect: ['ENV-001'] }),
  c('ENV-001 pass UK', 'UK', l1, 'Lumo e-City: 190 miles official WLTP combined range; your range will vary with weather, speed and load.', { expect: [] }),
  c('ENV-001 pass: charging time', 'UK', l1, 'Add 100 miles of range in 15 minutes at a rapid charger.', { expect: [] }),
  c('ENV-002 fail', 'US', l2, 'Meridian Tourer: 52 mpg city!', { expect: ['ENV-002'] }),
  c('ENV-002 pass', 'US', l2, 'Meridian Tourer: EPA-estimated 52 MPG city. Actual mileage will vary.', { expect: [] }),
  c('ENV-DE-001 fail: launch', 'DE', l1, 'Der neue Lumo e-City ist da – jetzt beim Händler erleben.', { expect: ['ENV-DE-001'] }),
  c('ENV-DE-001 fail: engine data', 'DE', { model: 'Castell C3', adasLevel: 1, certifiedFeatures: [] }, 'Castell – Modelle mit bis zu 150 PS. Jetzt entdecken.', { expect: ['ENV-DE-001'] }),
  c('ENV-DE-001 pass: service offer', 'DE', l1, 'Inspektion für Ihren Lumo e-City jetzt 20 % günstiger beim Service-Partner.', { excludes: ['ENV-DE-001'] }),
  c('ENV-FR-001 fail', 'FR', l1, 'Lumo e-City neuve dès 21 990 €. Pensez à covoiturer. #SeDéplacerMoinsPolluer', { expect: ['ENV-FR-001'] }),
  c('ENV-FR-001 pass', 'FR', l1, 'Lumo e-City neuve dès 21 990 €. Classe CO₂ : B (25 g/km). Pensez à covoiturer. #SeDéplacerMoinsPolluer', { expect: [] }),
  c('ENV-FR-001 not scored on SMS', 'FR', l1, 'Lumo e-City neuve dès 21 990 €. Pensez à covoiturer. #SeDéplacerMoinsPolluer', { expect: [] }, 'sms'),
  c('ENV-FR-002 fail', 'FR', l1, 'Lumo e-City dès 21 990 €. Classe CO₂ : A (0 g/km). #SeDéplacerMoinsPolluer', { expect: ['ENV-FR-002'] }),
  c('ENV-FR-002 pass', 'FR', l1, 'Lumo e-City dès 21 990 €. Classe CO₂ : A (0 g/km). Au quotidien, prenez les transports en commun. #SeDéplacerMoinsPolluer', { expect: [] }),
  // PRICE
  c('PRICE-001 fail: footnote', 'US', l2, 'FREE† roof box with your Meridian!', { contains: ['PRICE-001'] }),
  c('PRICE-001 fail: trial', 'DE', l2, 'Kostenlos testen: Meridian Connect – jetzt starten!', { contains: ['PRICE-001'] }),
  c('PRICE-001 fail: vague condition', 'UK', l2, 'Free servicing for 3 years with qualifying purchase.', { contains: ['PRICE-001'] }),
  c('PRICE-001 fail: footnote later in the sentence', 'UK', l2, 'Meridian Tourer: free servicing for 3 years*', { contains: ['PRICE-001'] }),
  c('PRICE-001 pass: trial with terms', 'FR', l2, 'Halden Connect+ : 1 mois offert, puis 7,99 €/mois, résiliable à tout moment.', { expect: [] }),
  c('PRICE-001 pass: footnote resolved', 'US', l2, 'FREE* roof box with your Meridian. *With purchase of a new 2026 Meridian Tourer by June 30, 2026.', { excludes: ['PRICE-001'] }),
  c('PRICE-001 pass: feel free', 'UK', l2, 'Feel free to book a test drive of the Meridian Tourer.', { expect: [] }),
  c('PRICE-002 fail', 'DE', l2, 'Winterreifen-Komplettsatz für den Vireo: jetzt 25 % reduziert!', { expect: ['PRICE-002'] }),
  c('PRICE-002 pass', 'EU', l2, 'Roof box: €399 instead of €499 (our lowest price in the last 30 days).', { expect: [] }),
  c('PRICE-002 pass: labour is a service', 'EU', l2, 'Castell C3 service offer: 15% off labour until 31 May 2026 at participating Castell dealers.', { expect: [] }),
  c('PRICE-003 fail', 'UK', l2, 'Up to 20% off Meridian Tourer – selected versions.', { expect: ['PRICE-003'] }),
  c('PRICE-003 fail: German amount first', 'DE', l2, 'Meridian-Zubehör: bis zu 500 € sparen!', { expect: ['PRICE-002', 'PRICE-003'] }),
  c('PRICE-003 pass', 'US', l2, 'Up to $3,500 off: $3,500 on Meridian Tourer Premium; $1,000 on Meridian Tourer Base.', { expect: [] }),
  c('PRICE-003 pass: others stated', 'UK', l2, 'Up to 20% off: 20% on Meridian Premium, 10% on all other versions. Ends 30/06/2026.', { expect: [] }),
  c('ADAS-006 pass: German limits with an extra word', 'DE', l2HandsOff, 'DriveAssist: freihändig auf freigegebenen Autobahnabschnitten – Blick immer auf die Straße.', { expect: [] }),
  c('ADAS-007 pass: German supervision with an extra word', 'DE', l2, 'Der Spurhalteassistent hält den Meridian in der Spurmitte. Hände immer am Lenkrad.', { expect: [] }),
  c('PRICE-003 pass: range', 'UK', l1, 'Up to 190 miles official WLTP combined range; real-world range varies.', { expect: [] }),
  c('PRICE-004 fail', 'UK', l2, 'Meridian clearance – this weekend only!', { expect: ['PRICE-004'] }),
  c('PRICE-004 fail: C.5 this month', 'US', l2, 'This month only: Meridian accessories event.', { expect: ['PRICE-004'] }),
  c('PRICE-004 fail: weekday only', 'UK', l2, 'Meridian sale ends Sunday!', { expect: ['PRICE-004'] }),
  c('PRICE-004 fail: German weekday', 'DE', l2, 'Meridian-Zubehör: 15 % Rabatt nur bis Sonntag.', { expect: ['PRICE-002', 'PRICE-004'] }),
  c('PRICE-004 pass: date without year', 'DE', l2, 'Meridian-Zubehör 15 % günstiger statt 99 € bis 31.07.', { expect: [] }),
  c('PRICE-004 pass', 'UK', l2, 'Meridian clearance: offer valid Saturday 6 and Sunday 7 June 2026.', { expect: [] }),
  c('PRICE-004 pass: limited stock', 'UK', l2, 'Meridian Tourer in Deep Blue: limited stock. Book a test drive today.', { expect: [] }),
  c('PRICE-005 fail', 'US', l2, 'Meridian Tourer $38,450 net of all factory incentives*. *Not all customers qualify.', { expect: ['PRICE-005'] }),
  c('PRICE-005 pass', 'US', l2, 'Meridian Tourer $38,450 after $1,000 Retail Cash (all buyers) and $500 Loyalty Cash (current Halden owners only); $38,950 for everyone else.', { expect: [] }),
  // SAFE / UK-MOTOR
  c('SAFE-001 fail', 'US', l2, 'Meridian SafeSense: you will never crash again.', { expect: ['SAFE-001'] }),
  c('SAFE-001 fail: German', 'DE', l2, 'Mit SafeSense ist Ihr Meridian 100 % sicher.', { contains: ['SAFE-001'] }),
  c('SAFE-001 fail: thing of the past', 'UK', l2, 'With SafeSense, accidents are a thing of the past.', { expect: ['SAFE-001'] }),
  c('SAFE-001 pass', 'US', l2, 'SafeSense can help you avoid or reduce the severity of some collisions.', { expect: [] }),
  c('UK-MOTOR-001 fail', 'UK', { model: 'Brava Sport', adasLevel: 1, certifiedFeatures: [] }, 'Brava Sport. 0-60 in 3.9. Nothing else matters.', { expect: ['UK-MOTOR-001'] }),
  c('UK-MOTOR-001 fail: floor it', 'UK', l2, 'New Meridian GT: floor it and leave everyone standing.', { expect: ['UK-MOTOR-001'] }),
  c('UK-MOTOR-001 pass', 'UK', l2, 'Meridian Tourer: 7 seats, 1,650-litre boot, 0-62mph 8.1s, 3.5-tonne towing. Book a test drive.', { expect: [] }),
  // PRIV
  c('PRIV-001 fail', 'US', l2, "Your late-night trips suggest you'd love Adaptive LED Headlights — 10% off through 6/30/2026.", { expect: ['PRIV-001'] }),
  c('PRIV-001 fail: German', 'DE', l2, 'Wir haben bemerkt, dass Sie oft nachts fahren: LED-Scheinwerfer jetzt 10 % günstiger.', { contains: ['PRIV-001'] }),
  c('PRIV-001 pass: consent', 'EU', l2, 'Based on the driving data you agreed to share: you often drive long distances. Ask your dealer about our Comfort Seat upgrade.', { expect: [] }, 'hmi_card', { telematicsMarketing: true, channelMarketing: true }),
  c('PRIV-001 pass: service notice', 'UK', l2, 'Your battery health is good. Your next service is due in May.', { expect: [] }),
  c('PRIV-002 fail: UK sms', 'UK', l1, 'Castell: your exclusive preview evening is on 12/05/2026. Reply STOP to opt out.', { expect: ['PRIV-002'] }, 'sms', { telematicsMarketing: false, channelMarketing: false }),
  c('PRIV-002 pass: US email opt-out regime', 'US', l2, 'The 2026 Meridian Tourer is here. Book a test drive. Unsubscribe any time.', { expect: [] }, 'email', { telematicsMarketing: false, channelMarketing: false }),
  c('PRIV-002 fail: DE email', 'DE', l2, 'Ihr Werkstatttermin: jetzt online buchen.', { expect: ['PRIV-002'] }, 'email', { telematicsMarketing: false, channelMarketing: false }),
];
