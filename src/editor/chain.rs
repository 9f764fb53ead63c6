//! The incident chain being edited (händelsekedjan): its links in order,
//! the selected one, and the break point, which stays on its link when
//! links move.

use tui_textarea::TextArea;

use super::form::{area_text, text_area};
use crate::domain::incident::{Actor, ChainLink, LinkKind};

/// The incident chain being edited: its links, the selected one, the
/// break point, and whether the selected link's text is being typed.
#[derive(Debug, Clone)]
pub struct Chain {
    pub links: Vec<ChainLink>,
    pub selected: usize,
    pub break_point: Option<usize>,
    /// The selected link's text while it is being edited.
    pub editing: Option<TextArea<'static>>,
    /// The link deleted last, where it was and whether it was the break
    /// point: ctrl-z puts it back.
    pub deleted: Option<(usize, ChainLink, bool)>,
}

impl Chain {
    /// Ends typing into the selected link, keeping the text.
    pub fn finish_editing(&mut self) {
        if let (Some(ta), Some(link)) = (self.editing.take(), self.links.get_mut(self.selected)) {
            link.text = area_text(&ta);
        }
    }

    /// Sets a feeling's intensity 0–10; false for a link of another kind.
    pub fn set_intensity(&mut self, v: u8) -> bool {
        match self.links.get_mut(self.selected) {
            Some(link) if link.kind == LinkKind::Feeling => {
                link.intensity = Some(v.min(10));
                true
            }
            _ => false,
        }
    }

    fn new_link(&self) -> ChainLink {
        // A new link continues from the selected one with the next kind.
        // Whose it is does not follow the link before (a parent's thought
        // after the child's action is still the parent's): a link of the
        // chain's own kinds is the chain's owner's, one saying what
        // someone else did is that of the last such link, or "other".
        let kind = self
            .links
            .get(self.selected)
            .map_or(LinkKind::Vulnerability, |l| l.kind.next());
        let before = &self.links[..(self.selected + 1).min(self.links.len())];
        let actor = if kind.is_others() {
            before
                .iter()
                .rev()
                .find(|l| l.kind.is_others())
                .map_or(Actor::Other, |l| l.actor)
        } else {
            self.owner()
        };
        ChainLink {
            kind,
            actor,
            text: String::new(),
            intensity: (kind == LinkKind::Feeling).then_some(5),
        }
    }

    /// Whose chain it is: the actor of its first link of its own kinds
    /// (a vulnerability, a thought, an action …), the parent by default.
    pub fn owner(&self) -> Actor {
        self.links
            .iter()
            .find(|l| !l.kind.is_others())
            .map_or(Actor::Parent, |l| l.actor)
    }

    /// Adds a link after the selected one and starts typing its text.
    pub fn add(&mut self, before: bool) {
        self.finish_editing();
        let link = self.new_link();
        let at = if self.links.is_empty() {
            0
        } else if before {
            self.selected
        } else {
            self.selected + 1
        };
        self.links.insert(at, link);
        if let Some(bp) = self.break_point.as_mut() {
            if *bp >= at {
                *bp += 1;
            }
        }
        self.selected = at;
        self.editing = Some(text_area(""));
    }

    pub fn delete(&mut self) {
        self.finish_editing();
        if self.links.is_empty() {
            return;
        }
        let at = self.selected;
        let link = self.links.remove(at);
        self.deleted = Some((at, link, self.break_point == Some(at)));
        self.break_point = match self.break_point {
            Some(bp) if bp == at => None,
            Some(bp) if bp > at => Some(bp - 1),
            other => other,
        };
        self.selected = at.min(self.links.len().saturating_sub(1));
    }

    /// Puts the link deleted last back where it was; false when none was.
    pub fn undo_delete(&mut self) -> bool {
        let Some((at, link, was_bp)) = self.deleted.take() else {
            return false;
        };
        let at = at.min(self.links.len());
        self.links.insert(at, link);
        self.break_point = match self.break_point {
            _ if was_bp => Some(at),
            Some(bp) if bp >= at => Some(bp + 1),
            other => other,
        };
        self.selected = at;
        true
    }

    /// Moves the selected link up (-1) or down (1); the break point moves
    /// with the link it marks.
    pub fn shift(&mut self, delta: i64) {
        self.finish_editing();
        let at = self.selected;
        let to = at as i64 + delta;
        if to < 0 || to as usize >= self.links.len() {
            return;
        }
        let to = to as usize;
        self.links.swap(at, to);
        self.break_point = match self.break_point {
            Some(bp) if bp == at => Some(to),
            Some(bp) if bp == to => Some(at),
            other => other,
        };
        self.selected = to;
    }

    pub fn kind_next(&mut self) {
        self.set_kind(LinkKind::next);
    }

    pub fn kind_prev(&mut self) {
        self.set_kind(LinkKind::prev);
    }

    fn set_kind(&mut self, step: fn(LinkKind) -> LinkKind) {
        if let Some(link) = self.links.get_mut(self.selected) {
            link.kind = step(link.kind);
            link.intensity = match link.kind {
                LinkKind::Feeling => link.intensity.or(Some(5)),
                _ => None,
            };
        }
    }

    /// Parent, child, young person, other, and round again.
    pub fn actor_next(&mut self) {
        if let Some(link) = self.links.get_mut(self.selected) {
            link.actor = link.actor.next();
        }
    }

    pub fn mark_break_point(&mut self) {
        if !self.links.is_empty() {
            self.break_point = if self.break_point == Some(self.selected) {
                None
            } else {
                Some(self.selected)
            };
        }
    }

    pub fn edit_selected(&mut self) {
        if let Some(link) = self.links.get(self.selected) {
            self.editing = Some(text_area(&link.text));
        }
    }

    pub fn select(&mut self, delta: i64) {
        self.finish_editing();
        let last = self.links.len().saturating_sub(1) as i64;
        self.selected = (self.selected as i64 + delta).clamp(0, last.max(0)) as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_keeps_its_break_point_on_its_link() {
        let mut c = Chain {
            deleted: None,
            links: vec![],
            selected: 0,
            break_point: None,
            editing: None,
        };
        for t in ["a", "b", "c", "d", "e"] {
            c.add(false);
            c.editing = Some(text_area(t));
            c.finish_editing();
        }
        let texts = |c: &Chain| {
            c.links
                .iter()
                .map(|l| l.text.clone())
                .collect::<Vec<_>>()
                .join("")
        };
        assert_eq!(texts(&c), "abcde");
        c.selected = 2;
        c.mark_break_point();
        assert_eq!(c.break_point, Some(2));
        c.shift(-1);
        assert_eq!(texts(&c), "acbde");
        assert_eq!(c.break_point, Some(1));
        c.selected = 0;
        c.shift(1);
        assert_eq!(texts(&c), "cabde");
        assert_eq!(c.break_point, Some(0));
        c.selected = 3;
        c.delete();
        assert_eq!(texts(&c), "cabe");
        assert_eq!(c.break_point, Some(0));
        assert!(c.undo_delete());
        assert_eq!(texts(&c), "cabde");
        assert!(!c.undo_delete());
        c.selected = 3;
        c.delete();
        // The break point comes back with its link.
        c.selected = 0;
        c.delete();
        assert_eq!(c.break_point, None);
        assert!(c.undo_delete());
        assert_eq!(c.break_point, Some(0));
        c.selected = 0;
        c.add(true);
        c.finish_editing();
        assert_eq!(c.break_point, Some(1));
        assert_eq!(c.links[1].text, "c");
    }

    fn link(kind: LinkKind, actor: Actor) -> ChainLink {
        ChainLink {
            kind,
            actor,
            text: String::new(),
            intensity: None,
        }
    }

    #[test]
    fn a_new_link_is_the_chains_owners_not_a_copy_of_the_link_before() {
        let mut c = Chain {
            deleted: None,
            links: vec![
                link(LinkKind::Vulnerability, Actor::Parent),
                link(LinkKind::PromptingEvent, Actor::Child),
            ],
            selected: 1,
            break_point: None,
            editing: None,
        };
        // After the child's prompting event comes the parent's thought.
        c.add(false);
        c.finish_editing();
        assert_eq!(c.links[2].kind, LinkKind::Thought);
        assert_eq!(c.links[2].actor, Actor::Parent);
        // Someone else's action follows the last such link's actor.
        c.selected = 2;
        c.links[2].kind = LinkKind::Action;
        c.add(false);
        assert_eq!(c.links[3].kind, LinkKind::OthersAction);
        assert_eq!(c.links[3].actor, Actor::Child);
    }

    #[test]
    fn kinds_cycle_both_ways_and_actors_include_the_young_person() {
        let mut c = Chain {
            deleted: None,
            links: vec![link(LinkKind::Vulnerability, Actor::Parent)],
            selected: 0,
            break_point: None,
            editing: None,
        };
        c.kind_prev();
        assert_eq!(c.links[0].kind, LinkKind::LongTermConsequence);
        c.kind_next();
        assert_eq!(c.links[0].kind, LinkKind::Vulnerability);
        let mut seen = vec![];
        for _ in 0..4 {
            c.actor_next();
            seen.push(c.links[0].actor);
        }
        assert_eq!(
            seen,
            vec![
                Actor::Child,
                Actor::YoungPerson,
                Actor::Other,
                Actor::Parent
            ]
        );
    }
}
