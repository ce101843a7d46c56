//! What an aid funds, in words a business owner uses.

use crate::i18n::{pick, Lang};
use serde::{Deserialize, Serialize};

/// A kind of digital project or expense. Aids say which they fund and which
/// they explicitly do not; dimensions say which they need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Google listing, directories, a basic online presence.
    OnlinePresence,
    /// A simple website that shows the business (no sales).
    ShowcaseWebsite,
    /// Selling online: an online shop, click and collect.
    Ecommerce,
    /// Card and contactless payment, online payment.
    Payment,
    /// A till connected to the online shop or the accounts.
    ConnectedTill,
    /// Customer files and management software (CRM, ERP).
    CrmErp,
    /// Online booking and appointments.
    Booking,
    SocialMedia,
    /// Paid online advertising and marketing services.
    Webmarketing,
    /// Invoicing software and e-invoicing.
    Einvoicing,
    /// Word processor, spreadsheet, office suites.
    OfficeSoftware,
    Cybersecurity,
    /// Personal data protection (GDPR).
    DataProtection,
    Training,
    /// Computers, phones, tablets.
    Hardware,
    Connectivity,
    /// Subscriptions to sales platforms or apps.
    PlatformSubscription,
    /// Advice and consulting services.
    Consulting,
}

impl Topic {
    pub const ALL: [Topic; 18] = [
        Topic::OnlinePresence,
        Topic::ShowcaseWebsite,
        Topic::Ecommerce,
        Topic::Payment,
        Topic::ConnectedTill,
        Topic::CrmErp,
        Topic::Booking,
        Topic::SocialMedia,
        Topic::Webmarketing,
        Topic::Einvoicing,
        Topic::OfficeSoftware,
        Topic::Cybersecurity,
        Topic::DataProtection,
        Topic::Training,
        Topic::Hardware,
        Topic::Connectivity,
        Topic::PlatformSubscription,
        Topic::Consulting,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        use Topic::*;
        match self {
            OnlinePresence => pick(
                lang,
                "présence en ligne (fiche Google, annuaires)",
                "online presence (Google listing, directories)",
            ),
            ShowcaseWebsite => pick(lang, "site vitrine", "showcase website"),
            Ecommerce => pick(lang, "vente en ligne", "online sales"),
            Payment => pick(
                lang,
                "paiement par carte ou en ligne",
                "card or online payment",
            ),
            ConnectedTill => pick(lang, "caisse connectée", "connected till"),
            CrmErp => pick(
                lang,
                "logiciel de gestion ou fichier clients",
                "management or customer software",
            ),
            Booking => pick(lang, "prise de rendez-vous en ligne", "online booking"),
            SocialMedia => pick(lang, "réseaux sociaux", "social media"),
            Webmarketing => pick(
                lang,
                "publicité et marketing en ligne",
                "online advertising and marketing",
            ),
            Einvoicing => pick(
                lang,
                "logiciel de facturation, facture électronique",
                "invoicing software, e-invoicing",
            ),
            OfficeSoftware => pick(lang, "logiciels de bureautique", "office software"),
            Cybersecurity => pick(lang, "sécurité informatique", "cybersecurity"),
            DataProtection => pick(
                lang,
                "protection des données (RGPD)",
                "data protection (GDPR)",
            ),
            Training => pick(lang, "formation", "training"),
            Hardware => pick(
                lang,
                "matériel (ordinateur, téléphone)",
                "hardware (computer, phone)",
            ),
            Connectivity => pick(lang, "connexion internet", "internet connection"),
            PlatformSubscription => pick(
                lang,
                "abonnements à des plateformes ou applis",
                "platform or app subscriptions",
            ),
            Consulting => pick(lang, "conseil", "consulting"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_has_a_label_in_both_languages() {
        for t in Topic::ALL {
            assert!(!t.label(Lang::Fr).is_empty());
            assert!(!t.label(Lang::En).is_empty());
            assert_ne!(t.label(Lang::Fr), t.label(Lang::En), "{t:?}");
        }
    }
}
