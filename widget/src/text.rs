//! Every string of the widget's own interface, in French and English.
//!
//! Questions, answers, levels, actions and reasons come from `tpe-shared`;
//! only the words around them live here. Plain words a shopkeeper uses.

use tpe_shared::Lang;

/// The interface strings of one language.
pub struct Ui {
    pub welcome_title: &'static str,
    pub welcome_what: &'static str,
    pub welcome_time: &'static str,
    pub welcome_private: &'static str,
    pub assisted: &'static str,
    pub assisted_help: &'static str,
    pub start: &'static str,
    pub saved_note: &'static str,
    pub resume: &'static str,
    pub restart: &'static str,
    pub profile_title: &'static str,
    pub back: &'static str,
    pub next: &'static str,
    pub see_result: &'static str,
    pub adviser_says: &'static str,
    pub commune_suggestions: &'static str,
    pub commune_loading: &'static str,
    pub commune_chosen: &'static str,
    pub results_title: &'static str,
    pub results_intro: &'static str,
    pub chart_title: &'static str,
    pub table_caption: &'static str,
    pub col_theme: &'static str,
    pub col_level: &'static str,
    pub col_score: &'static str,
    pub no_level: &'static str,
    pub not_answered: &'static str,
    pub priorities_title: &'static str,
    pub nothing_urgent: &'static str,
    pub why: &'static str,
    pub venues_title: &'static str,
    pub no_venue: &'static str,
    pub welcomes_businesses: &'static str,
    pub approx: &'static str,
    pub published_hours: &'static str,
    pub call: &'static str,
    pub website: &'static str,
    pub new_tab: &'static str,
    pub booking: &'static str,
    pub aids_title: &'static str,
    pub deadline: &'static str,
    pub no_deadline: &'static str,
    pub funds: &'static str,
    pub does_not_fund: &'static str,
    pub to_check: &'static str,
    pub more_info: &'static str,
    pub good_to_know: &'static str,
    pub who_to_call: &'static str,
    pub write: &'static str,
    pub check_title: &'static str,
    pub data_loading: &'static str,
    pub data_unavailable: &'static str,
    pub keep_title: &'static str,
    pub print: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub copy_fallback: &'static str,
    pub summary_label: &'static str,
    pub email: &'static str,
    pub email_subject: &'static str,
    pub reopen: &'static str,
    pub reopen_note: &'static str,
    pub edit: &'static str,
    pub sheet_title: &'static str,
    pub sheet_fields: &'static str,
    pub in_french: &'static str,
    pub adviser_no_contact: &'static str,
    pub saved_finished_note: &'static str,
    pub see_again: &'static str,
    pub bad_link: &'static str,
    pub erase: &'static str,
    pub erase_note: &'static str,
    pub erased: &'static str,
    pub duties_title: &'static str,
    pub duties_intro: &'static str,
    pub duty_source: &'static str,
    pub then: &'static str,
    pub already_shown: &'static str,
    pub no_contact: &'static str,
    pub no_contact_no_hours: &'static str,
    pub call_first: &'static str,
    pub in_commune: &'static str,
    pub hours_week: &'static str,
    pub commune_unknown: &'static str,
    pub commune_hint: &'static str,
    pub no_commune_distances: &'static str,
}

const FR: Ui = Ui {
    welcome_title: "Votre diagnostic numérique",
    welcome_what: "Quelques questions simples sur votre entreprise et le numérique : être trouvé sur internet, vendre, facturer, vous protéger… À la fin, vous voyez où vous en êtes, vos 3 priorités, et qui peut vous aider près de chez vous (lieux, aides, conseillers).",
    welcome_time: "Cela prend environ 10 minutes. Vous pouvez vous arrêter et reprendre plus tard.",
    welcome_private: "C'est anonyme : ni nom, ni e-mail. Vos réponses restent dans votre navigateur, rien n'est envoyé.",
    assisted: "Je fais le test avec un conseiller",
    assisted_help: "Le conseiller voit comment poser chaque question, et une fiche à imprimer à la fin.",
    start: "Commencer",
    saved_note: "Vous avez déjà commencé ce diagnostic sur cet appareil.",
    resume: "Reprendre",
    restart: "Recommencer",
    profile_title: "Votre entreprise",
    back: "Retour",
    next: "Suivant",
    see_result: "Voir mon résultat",
    adviser_says: "Pour le conseiller :",
    commune_suggestions: "Communes trouvées",
    commune_loading: "La liste des communes se charge : vous pouvez continuer, votre réponse sera prise en compte.",
    commune_chosen: "Commune choisie :",
    results_title: "Votre résultat",
    results_intro: "Voici où vous en êtes, thème par thème, et par quoi commencer.",
    chart_title: "Votre niveau par thème",
    table_caption: "Le détail, thème par thème",
    col_theme: "Thème",
    col_level: "Niveau",
    col_score: "Score sur 100",
    no_level: "À voir avec un conseiller",
    not_answered: "Sans réponse",
    priorities_title: "Vos priorités pour les 3 prochains mois",
    nothing_urgent: "Bravo : rien d'urgent à faire. Continuez comme ça !",
    why: "Pourquoi c'est important pour vous",
    venues_title: "Où se faire aider près de chez vous",
    no_venue: "Pas de lieu trouvé près de chez vous pour ce besoin : demandez au conseiller ci-dessous.",
    welcomes_businesses: "Accueille les entreprises",
    approx: "environ",
    published_hours: "Horaires publiés :",
    call: "Appeler le",
    website: "Site internet",
    new_tab: "(nouvel onglet)",
    booking: "Prendre rendez-vous",
    aids_title: "Aides possibles",
    deadline: "Date limite :",
    no_deadline: "Pas de date limite annoncée",
    funds: "Ce qu'elle finance pour vous :",
    does_not_fund: "Ce qu'elle ne finance pas :",
    to_check: "À vérifier avant de demander :",
    more_info: "En savoir plus sur cette aide",
    good_to_know: "À savoir :",
    who_to_call: "Qui appeler",
    write: "Écrire à",
    check_title: "Points à vérifier avec un conseiller",
    data_loading: "Chargement des lieux et des aides près de chez vous…",
    data_unavailable: "La liste des lieux et des aides près de chez vous n'est pas disponible pour le moment. Vos résultats restent valables : réessayez plus tard.",
    keep_title: "Garder mon résultat",
    print: "Imprimer",
    copy: "Copier le résumé",
    copied: "Le résumé est copié : vous pouvez le coller où vous voulez.",
    copy_fallback: "La copie automatique n'a pas marché : sélectionnez le texte ci-dessous puis copiez-le.",
    summary_label: "Résumé de votre diagnostic",
    email: "M'envoyer le résumé par e-mail",
    email_subject: "Mon diagnostic numérique",
    reopen: "Lien pour revoir ce résultat",
    reopen_note: "Ce lien contient vos réponses. Il n'est envoyé à aucun serveur : gardez-le, ou donnez-le à votre conseiller.",
    edit: "Modifier mes réponses",
    sheet_title: "Fiche de suivi avec le conseiller",
    sheet_fields: "Conseiller : ……………………   Date : …………   Prochain rendez-vous : …………",
    in_french: "",
    adviser_no_contact: "Ni téléphone ni site publié pour ce contact dans nos données : un conseiller d'un des lieux ci-dessus peut vous mettre en relation.",
    saved_finished_note: "Vous avez déjà un résultat sur cet appareil.",
    see_again: "Revoir mon résultat",
    bad_link: "Ce lien de résultat est incomplet ou abîmé : nous ne pouvons pas le relire. Vous pouvez refaire le diagnostic, cela prend environ 10 minutes.",
    erase: "Effacer mes réponses de cet appareil",
    erase_note: "Sur un ordinateur partagé, effacez vos réponses avant de partir. Le lien pour revoir ce résultat reste valable si vous l'avez gardé.",
    erased: "Vos réponses sont effacées de cet appareil.",
    duties_title: "Obligations qui vous concernent",
    duties_intro: "Ces obligations s'appliquent quel que soit votre résultat.",
    duty_source: "Le texte officiel",
    then: "Ensuite :",
    already_shown: "Déjà cité plus haut",
    no_contact: "Pas de contact publié (ni téléphone, ni e-mail, ni site) : passez aux heures d'ouverture.",
    no_contact_no_hours: "Pas de contact publié, ni d'horaires : demandez au conseiller ci-dessous.",
    call_first: "appelez avant de venir",
    in_commune: "Dans votre commune",
    hours_week: "Horaires :",
    commune_unknown: "Nous ne trouvons pas cette commune : vérifiez l'orthographe ou le code postal.",
    commune_hint: "Tapez le nom ou le code postal, puis choisissez dans la liste (flèches haut et bas, puis Entrée).",
    no_commune_distances: "Sans votre commune, les lieux sont ceux du territoire, sans distance : indiquez-la dans « Votre entreprise » pour les voir par distance.",
};

const EN: Ui = Ui {
    welcome_title: "Your digital check-up",
    welcome_what: "A few simple questions about your business and digital tools: being found online, selling, invoicing, staying safe… At the end you see where you stand, your 3 priorities, and who can help near you (places, grants, advisers).",
    welcome_time: "It takes about 10 minutes. You can stop and come back later.",
    welcome_private: "It is anonymous: no name, no e-mail. Your answers stay in your browser; nothing is sent.",
    assisted: "I am doing the test with an adviser",
    assisted_help: "The adviser sees how to ask each question, and a sheet to print at the end.",
    start: "Start",
    saved_note: "You already started this check-up on this device.",
    resume: "Resume",
    restart: "Start again",
    profile_title: "Your business",
    back: "Back",
    next: "Next",
    see_result: "See my result",
    adviser_says: "For the adviser:",
    commune_suggestions: "Towns found",
    commune_loading: "The list of towns is loading: you can go on, your answer will be taken into account.",
    commune_chosen: "Town chosen:",
    results_title: "Your result",
    results_intro: "Here is where you stand, topic by topic, and where to start.",
    chart_title: "Your level by topic",
    table_caption: "The details, topic by topic",
    col_theme: "Topic",
    col_level: "Level",
    col_score: "Score out of 100",
    no_level: "To go through with an adviser",
    not_answered: "Not answered",
    priorities_title: "Your priorities for the next 3 months",
    nothing_urgent: "Well done: nothing urgent to do. Keep it up!",
    why: "Why this matters for you",
    venues_title: "Where to get help near you",
    no_venue: "No place found near you for this need: ask the adviser below.",
    welcomes_businesses: "Welcomes businesses",
    approx: "about",
    published_hours: "Published hours:",
    call: "Call",
    website: "Website",
    new_tab: "(new tab)",
    booking: "Book an appointment",
    aids_title: "Possible grants",
    deadline: "Deadline:",
    no_deadline: "No deadline announced",
    funds: "What it funds for you:",
    does_not_fund: "What it does not fund:",
    to_check: "To check before applying:",
    more_info: "More about this grant",
    good_to_know: "Good to know:",
    who_to_call: "Who to call",
    write: "Write to",
    check_title: "Points to check with an adviser",
    data_loading: "Loading places and grants near you…",
    data_unavailable: "The list of places and grants near you is not available right now. Your results still stand: try again later.",
    keep_title: "Keep my result",
    print: "Print",
    copy: "Copy the summary",
    copied: "The summary is copied: you can paste it anywhere.",
    copy_fallback: "Automatic copy did not work: select the text below and copy it.",
    summary_label: "Summary of your check-up",
    email: "E-mail me the summary",
    email_subject: "My digital check-up",
    reopen: "Link to see this result again",
    reopen_note: "This link holds your answers. It is never sent to a server: keep it, or give it to your adviser.",
    edit: "Change my answers",
    sheet_title: "Follow-up sheet with the adviser",
    sheet_fields: "Adviser: ……………………   Date: …………   Next appointment: …………",
    in_french: "(in French)",
    adviser_no_contact: "No phone or website published for this contact in our data: an adviser at one of the places above can put you in touch.",
    saved_finished_note: "You already have a result on this device.",
    see_again: "See my result again",
    bad_link: "This result link is incomplete or damaged: we cannot read it. You can take the check-up again; it takes about 10 minutes.",
    erase: "Erase my answers from this device",
    erase_note: "On a shared computer, erase your answers before you leave. The link to see this result again still works if you kept it.",
    erased: "Your answers are erased from this device.",
    duties_title: "Legal duties that concern you",
    duties_intro: "These duties apply whatever your result.",
    duty_source: "The official page",
    then: "Then:",
    already_shown: "Already listed above",
    no_contact: "No contact published (no phone, e-mail or website): go there during opening hours.",
    no_contact_no_hours: "No contact or opening hours published: ask the adviser below.",
    call_first: "call before you go",
    in_commune: "In your town",
    hours_week: "Opening hours:",
    commune_unknown: "We cannot find this town: check the spelling or the postcode.",
    commune_hint: "Type the name or the postcode, then pick from the list (up and down arrows, then Enter).",
    no_commune_distances: "Without your town, the places are those of the area, with no distance: give it under “Your business” to see them by distance.",
};

pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// "Étape 3 sur 9".
pub fn progress(lang: Lang, index: usize, total: usize) -> String {
    match lang {
        Lang::Fr => format!("Étape {index} sur {total}"),
        Lang::En => format!("Step {index} of {total}"),
    }
}

/// A polite nudge about questions left without an answer.
pub fn unanswered(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Fr, 1) => "Une question n'a pas de réponse. Vous pouvez continuer quand même, ou choisir « Je ne sais pas ».".into(),
        (Lang::Fr, n) => format!("{n} questions n'ont pas de réponse. Vous pouvez continuer quand même, ou choisir « Je ne sais pas »."),
        (Lang::En, 1) => "One question has no answer. You can go on anyway, or pick “I don't know”.".into(),
        (Lang::En, n) => format!("{n} questions have no answer. You can go on anyway, or pick “I don't know”."),
    }
}

/// "Données mises à jour le 29 novembre 2026".
pub fn data_updated(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Fr => format!("Données mises à jour le {date}."),
        Lang::En => format!("Data updated on {date}."),
    }
}

/// The owner's commune is beyond the territory: its places are too far to
/// be offered as "near you", and its chamber is not theirs.
pub fn outside_territory(lang: Lang, distance: &str, territory: &str) -> String {
    match lang {
        Lang::Fr => format!("Vous êtes à {distance} de {territory} : les lieux de ce territoire sont trop loin pour vous être proposés. Votre chambre consulaire ou votre mairie peut vous indiquer ceux de votre secteur."),
        Lang::En => format!("You are {distance} from {territory}: the places of this area are too far to be offered to you. Your chamber or your town hall can tell you about those near you."),
    }
}

/// "Diagnostic fait le 3 décembre 2026".
pub fn done_on(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Fr => format!("Diagnostic fait le {date}."),
        Lang::En => format!("Check-up done on {date}."),
    }
}

/// "Nous ne trouvons pas « zzzz »…", said on the result.
pub fn commune_not_found(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Fr => format!("Nous ne trouvons pas la commune « {typed} » : les lieux sont ceux du territoire, sans distance. Vérifiez l'orthographe ou le code postal dans « Votre entreprise »."),
        Lang::En => format!("We cannot find the town “{typed}”: the places are those of the area, with no distance. Check the spelling or the postcode under “Your business”."),
    }
}

/// Who to turn to when the local list is unavailable, from the partner id.
pub fn partner_contact(lang: Lang, partner: Option<&str>) -> &'static str {
    match (lang, partner.map(str::to_ascii_lowercase).as_deref()) {
        (Lang::Fr, Some("cci")) => "En attendant, votre CCI (Chambre de commerce et d'industrie) peut vous orienter.",
        (Lang::En, Some("cci")) => "Meanwhile, your CCI (Chamber of Commerce and Industry) can point you in the right direction.",
        (Lang::Fr, Some("cma")) => "En attendant, votre Chambre de métiers et de l'artisanat (CMA) peut vous orienter.",
        (Lang::En, Some("cma")) => "Meanwhile, your Chamber of Trades and Crafts (CMA) can point you in the right direction.",
        (Lang::Fr, _) => "En attendant, l'organisme qui vous propose ce diagnostic peut vous orienter.",
        (Lang::En, _) => "Meanwhile, the organisation offering this check-up can point you in the right direction.",
    }
}

/// "Fiche de 2022 : appelez avant de vous déplacer."
pub fn stale_record(lang: Lang, year: i32, can_call: bool) -> String {
    match (lang, can_call) {
        (Lang::Fr, true) => format!("Fiche de {year} : appelez avant de vous déplacer."),
        (Lang::Fr, false) => format!("Fiche de {year} : ces informations ont pu changer."),
        (Lang::En, true) => format!("Record from {year}: call before you go."),
        (Lang::En, false) => format!("Record from {year}: this may have changed."),
    }
}
