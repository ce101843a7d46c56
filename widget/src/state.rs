//! The diagnostic's one reducer: answers, current screen, assisted mode and
//! language. Components dispatch [`Action`]s; nothing else mutates state.

use std::rc::Rc;
use tpe_shared::questionnaire::{Chamber, Questionnaire};
use tpe_shared::scoring::Answers;
use tpe_shared::Lang;
use yew::Reducible;

/// Where the owner is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    /// `0` is the profile, `i ≥ 1` the dimension `i − 1`.
    Step(usize),
    Results,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub answers: Answers,
    pub screen: Screen,
    /// Assisted mode: an adviser sits with the owner.
    pub assisted: bool,
    pub lang: Lang,
    /// What the owner typed in the commune field; kept while the commune
    /// table loads, and resolved to an INSEE code later.
    pub commune_text: String,
    /// Answers were found in localStorage when the widget opened.
    pub saved: Option<SavedProgress>,
    /// The page was opened with a reopen link that could not be read.
    pub bad_link: bool,
    /// The owner has just erased their answers from this device.
    pub erased: bool,
}

/// What a previous visit left in localStorage.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedProgress {
    pub answers: Answers,
    /// The step the owner was on; `None` when not recorded.
    pub step: Option<SavedStep>,
}

/// Where a previous visit stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavedStep {
    Step(usize),
    /// The owner had reached the result: resuming shows it again.
    Results,
}

impl SavedStep {
    /// As kept in localStorage: the step number, or `results`.
    pub fn parse(text: &str) -> Option<SavedStep> {
        match text {
            "results" => Some(SavedStep::Results),
            n => n.parse().ok().map(SavedStep::Step),
        }
    }

    pub fn to_text(self) -> String {
        match self {
            SavedStep::Results => "results".into(),
            SavedStep::Step(i) => i.to_string(),
        }
    }
}

pub enum Action {
    SetAssisted(bool),
    /// The owner switched between French and English.
    SetLang(Lang),
    /// Start from scratch (also "Recommencer"): clears any saved answers.
    Start,
    /// Continue a previous visit where it was left.
    Resume,
    /// Picks an answer: a profile question (`trade`, `headcount`, `chamber`,
    /// `network`) or a scored question.
    Choose {
        question: String,
        answer: String,
    },
    ToggleGoal(String),
    /// The owner typed in the commune field: the previous choice no longer holds.
    CommuneText(String),
    /// A commune was picked or resolved: its INSEE code and name.
    Commune {
        insee: String,
        name: String,
    },
    Next,
    Back,
    /// Go back to the questions from the results.
    Edit,
    /// "Effacer mes réponses de cet appareil": back to a blank welcome screen
    /// (the caller has already cleared storage and the link).
    Erase,
}

impl State {
    /// `opened` is the reopen link's content: `Some(Err(()))` when the page
    /// carried a link that could not be read.
    pub fn new(
        lang: Lang,
        saved: Option<SavedProgress>,
        opened: Option<Result<Answers, ()>>,
    ) -> State {
        let bad_link = matches!(opened, Some(Err(())));
        let (answers, screen) = match opened {
            Some(Ok(a)) => (a, Screen::Results),
            _ => (Answers::default(), Screen::Welcome),
        };
        State {
            answers,
            screen,
            assisted: false,
            lang,
            commune_text: String::new(),
            saved,
            bad_link,
            erased: false,
        }
    }

    fn step_count() -> usize {
        Questionnaire::embedded().step_count()
    }
}

/// The first step with something left to answer: where a resumed visit
/// that did not record its step goes back to.
fn first_open_step(q: &Questionnaire, a: &Answers) -> usize {
    if a.profile.trade.is_none() || a.profile.headcount.is_none() {
        return 0;
    }
    q.dimensions
        .iter()
        .position(|d| d.questions.iter().any(|x| !a.responses.contains_key(&x.id)))
        .map_or(q.dimensions.len(), |i| i + 1)
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let last = State::step_count() - 1;
        match action {
            Action::SetAssisted(on) => s.assisted = on,
            Action::SetLang(lang) => s.lang = lang,
            Action::Start => {
                s.answers = Answers::default();
                s.commune_text.clear();
                s.saved = None;
                s.bad_link = false;
                s.erased = false;
                s.screen = Screen::Step(0);
            }
            Action::Resume => {
                if let Some(saved) = s.saved.take() {
                    let q = Questionnaire::embedded();
                    let screen = match saved.step {
                        Some(SavedStep::Results) => Screen::Results,
                        Some(SavedStep::Step(i)) if i <= last => Screen::Step(i),
                        _ => Screen::Step(first_open_step(q, &saved.answers).min(last)),
                    };
                    if s.commune_text.is_empty() {
                        // Only the INSEE code was saved: the field shows the
                        // commune's name once the table is there.
                        s.commune_text = saved.answers.profile.commune.clone().unwrap_or_default();
                    }
                    s.answers = saved.answers;
                    s.bad_link = false;
                    s.screen = screen;
                }
            }
            Action::Choose { question, answer } => {
                let p = &mut s.answers.profile;
                match question.as_str() {
                    "trade" => p.trade = Some(answer),
                    "headcount" => p.headcount = Some(answer),
                    "network" => p.network = Some(answer),
                    "chamber" => {
                        p.chamber = match answer.as_str() {
                            "cci" => Some(Chamber::Cci),
                            "cma" => Some(Chamber::Cma),
                            _ => Some(Chamber::DontKnow),
                        }
                    }
                    _ => {
                        s.answers.responses.insert(question, answer);
                    }
                }
            }
            Action::ToggleGoal(goal) => {
                let goals = &mut s.answers.profile.goals;
                match goals.iter().position(|g| *g == goal) {
                    Some(i) => {
                        goals.remove(i);
                    }
                    None => goals.push(goal),
                }
            }
            Action::CommuneText(text) => {
                s.answers.profile.commune = None;
                s.commune_text = text;
            }
            Action::Commune { insee, name } => {
                s.answers.profile.commune = Some(insee);
                s.commune_text = name;
            }
            Action::Next => {
                s.screen = match s.screen {
                    Screen::Step(i) if i < last => Screen::Step(i + 1),
                    Screen::Step(_) => Screen::Results,
                    other => other,
                }
            }
            Action::Back => {
                s.screen = match s.screen {
                    Screen::Step(0) => {
                        // Back on the welcome screen, "start" must not wipe
                        // what was answered: offer to resume instead.
                        if s.answers != Answers::default() {
                            s.saved = Some(SavedProgress {
                                answers: s.answers.clone(),
                                step: Some(SavedStep::Step(0)),
                            });
                        }
                        Screen::Welcome
                    }
                    Screen::Step(i) => Screen::Step(i - 1),
                    Screen::Results => Screen::Step(last),
                    Screen::Welcome => Screen::Welcome,
                }
            }
            Action::Edit => s.screen = Screen::Step(0),
            Action::Erase => {
                s.answers = Answers::default();
                s.commune_text.clear();
                s.saved = None;
                s.bad_link = false;
                s.erased = true;
                s.screen = Screen::Welcome;
            }
        }
        Rc::new(s)
    }
}
