"""The words goal conventions are written in, in every language vaultgoals reads: one table.

Each concept (a heading that lists goals, a heading that lists a goal's steps, a status, a
property name, a kind of note) has its words here in English, German, Spanish, French,
Portuguese, Russian, Chinese and Japanese. Users add their own words per concept in
`.vaultgoals.yaml` (`goals.words`, `goals.statuses`, `goals.fields`, `goals.kinds`); they
extend the table, never replace it.

How a word matches a piece of text (`Words.has`): the text is reduced to its words (case,
emoji, numbering, punctuation and Markdown marks dropped: `## 🎯 2025 Goals:` → `2025
goals`), and a table word matches a whole word or run of words of it (`key results`).
Words of a script written without spaces (Chinese, Japanese) and entries that start with
`~` match anywhere inside a word (`~ziele` finds `Jahresziele`, `Karriereziele`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

# concept → words. Lower case; plural and singular both listed where both are used.
TABLE: dict[str, tuple[str, ...]] = {
    # a heading, label line, note title or tag that says "the items below are goals"
    "goals": (
        "goal", "goals", "objective", "objectives", "target", "targets", "resolution",
        "resolutions", "aims", "okr", "okrs", "key results",
        # de
        "ziel", "ziele", "~ziele", "vorsatz", "vorsätze", "jahresziele",
        # es
        "metas", "objetivo", "objetivos", "propósito", "propósitos",
        "resolución", "resoluciones",
        # fr
        "objectif", "objectifs", "résolution", "résolutions",
        # pt
        "resolução", "resoluções",
        # ru
        "цель", "цели", "целей", "задачи года",
        # zh, ja
        "目标", "目標", "年度目标", "ゴール", "抱負",
    ),
    # a heading, label line, title or first-line tag that says "a list of goals follows"
    # (`## 2025 Goals`, `Goals for Q1:`, `2025 Goals.md`, `#goals`); singular words name
    # one goal (`#goal` on a note makes the note a goal)
    "goal_list": (
        "goals", "objectives", "targets", "resolutions", "aims", "okrs", "ziele", "~ziele",
        "vorsätze", "metas", "objetivos", "propósitos", "resoluciones", "objectifs",
        "résolutions", "resoluções", "цели", "целей", "目标", "目標", "ゴール", "抱負",
    ),
    # a tag in the body that makes its line, list item or heading a goal (`#goal`,
    # `#type/goal`: the tag or its last part); `#project` counts only on a heading or the
    # tag line at the top of a note (body_tags). Not `#meta`: a vault's notes about itself
    "goal_tags": (
        "goal", "goals", "objective", "objectives", "okr", "okrs", "resolution",
        "ziel", "ziele", "objetivo", "objetivos", "objectif", "objectifs", "цель", "цели",
        "目标", "目標",
    ),
    # what an opening line says a note is, when it is someone else's text ("Notes from an
    # article", "A copied essay about …", "Summary of the book")
    "reference_intro": (
        "article", "essay", "summary", "book summary", "clipping", "highlights", "excerpt",
        "transcript", "blog post", "podcast", "lecture", "course notes", "book notes",
        "artikel", "aufsatz", "zusammenfassung", "artículo", "ensayo", "resumen", "essai",
        "résumé", "extrait", "artigo", "ensaio", "resumo", "статья", "эссе", "конспект",
        "文章", "摘要", "書評", "記事", "要約",
    ),
    # a heading whose list links the goals a project or goal serves (its parents)
    "supporting": (
        "supporting goals", "supporting goal", "supports", "related goals", "parent goals",
        "parent goal", "serves", "contributes to", "part of", "übergeordnete ziele",
        "objetivos relacionados", "objectifs liés", "связанные цели",
    ),
    # a heading in a goal note whose items are its milestones
    "steps": (
        "milestone", "milestones", "mile stones", "steps", "phases", "plan", "deliverables",
        "key results", "action plan", "roadmap", "sub-goals", "subgoals", "checkpoints",
        # de
        "meilensteine", "meilenstein", "schritte", "etappen", "phasen", "zwischenziele",
        # es
        "hitos", "pasos", "fases", "etapas", "entregables",
        # fr
        "jalons", "étapes", "livrables",
        # pt
        "marcos", "passos", "entregáveis", "plano",
        # ru
        "вехи", "этапы", "шаги", "план",
        # zh, ja
        "里程碑", "步骤", "阶段", "计划", "マイルストーン", "ステップ", "段階", "計画",
    ),
    # an OKR's key results (`Key Results`, `KR1:`)
    "key_results": (
        "key results", "key result", "krs", "kr", "schlüsselergebnisse", "schlüsselergebnis",
        "resultados clave", "resultado clave", "résultats clés", "résultat clé",
        "resultados-chave", "resultados chave", "resultado-chave", "ключевые результаты",
        "ключевой результат", "关键结果", "關鍵結果", "主要な結果", "主要な成果", "成果指標",
    ),
    # an OKR's objective (`Objective:`, `O1:`)
    "objective": (
        "objective", "objetivo", "objectif", "ziel", "цель", "目标", "目標",
    ),
    # a list in a daily or weekly note that holds that day's to-dos, not goals
    "today": (
        "today", "today's", "todays", "top 3", "top three", "daily", "this week",
        "heute", "hoy", "aujourd'hui", "hoje", "сегодня", "今日", "今天",
    ),
    # a heading whose list is not goals even inside a goals list note
    "not_goals": (
        "notes", "log", "journal", "reflection", "reflections", "review", "ideas", "links",
        "resources", "references", "inbox", "questions", "summary", "quotes", "highlights",
        "reading", "readings", "reading list", "thoughts", "someday", "archive",
        "notizen", "ideen", "gedanken", "lektüre", "notas", "reflexiones", "lecturas", "ideas",
        "réflexions", "idées", "lectures", "pensées", "ideias", "leituras", "reflexões",
        "заметки", "идеи", "мысли", "чтение", "笔记", "想法", "阅读", "メモ", "アイデア", "読書",
    ),
    # a folder, title, type or tag of notes about other people's ideas: book summaries,
    # articles, clippings (their goal headings are the author's, not the user's)
    "reference": (
        "book", "books", "article", "articles", "clipping", "clippings", "readwise",
        "reading", "literature", "highlights", "kindle", "summary", "summaries", "source",
        "sources", "library", "reference", "references", "web clip", "podcast", "course notes",
        "bücher", "buch", "artikel", "libros", "artículos", "livres", "articles", "livros",
        "книги", "статьи", "读书", "書籍", "essay", "essays", "blog post", "ensayo", "essai",
        "ensaio", "эссе", "статья", "文章", "記事", "artículo", "artigo",
    ),
    # how often a habit or commitment is due (`period:: daily`, `frequency:: 3 times a
    # week`, `every:: month`): one concept per period (goals/habits.py)
    "per_day": (
        "day", "days", "daily", "every day", "everyday", "nightly", "each day", "a day",
        "täglich", "tag", "tage", "jeden tag", "diario", "diaria", "diariamente", "día",
        "días", "cada día", "quotidien", "quotidienne", "jour", "jours", "chaque jour",
        "diário", "diária", "dia", "dias", "todos os dias", "ежедневно", "день", "дня",
        "каждый день", "每天", "每日", "毎日", "日",
    ),
    "per_week": (
        "week", "weeks", "weekly", "every week", "each week", "a week", "wöchentlich",
        "woche", "wochen", "semanal", "semanalmente", "semana", "semanas", "hebdomadaire",
        "semaine", "semaines", "неделю", "неделя", "недели", "еженедельно", "每周",
        "每週", "周", "毎週", "週",
    ),
    "per_month": (
        "month", "months", "monthly", "every month", "monatlich", "monat", "monate",
        "mensual", "mensualmente", "mes", "meses", "mensuel", "mensuelle", "mois", "mensal",
        "mês", "ежемесячно", "месяц", "месяца", "每月", "毎月", "月",
    ),
    "per_quarter": (
        "quarter", "quarters", "quarterly", "vierteljährlich", "quartal", "trimestral",
        "trimestre", "trimestriel", "квартал", "ежеквартально", "季度", "每季度", "四半期",
    ),
    "per_year": (
        "year", "years", "yearly", "annually", "annual", "every year", "jährlich", "jahr",
        "anual", "anualmente", "año", "años", "annuel", "annuelle", "année", "par an",
        "ano", "anos", "ежегодно", "год", "года", "每年", "毎年", "年",
    ),
    # a count in a frequency: `3 times`, `3x`, `twice`, `3 mal`, `3 veces`, `3 fois`
    "times": (
        "times", "time", "x", "mal", "vez", "veces", "fois", "vezes", "раз", "раза", "次",
        "回",
    ),
    # a folder or title of documentation copied into a vault (a plugin's README, a cheat
    # sheet, a tutorial): never the user's goals
    "documentation": (
        "readme", "changelog", "documentation", "docs", "cheat sheet", "cheatsheet",
        "tutorial", "plugin docs", "dokumentation", "anleitung", "documentación",
        "tutoriel", "documentação", "документация", "шпаргалка", "文档", "教程",
        "ドキュメント", "チュートリアル",
        # test notes and format samples (a plugin's manual tests, smoke tests, test data)
        "testing", "manual testing", "smoke testing", "smoke test", "smoke tests",
        "test data", "test notes", "test vault", "formats", "manuelles testen", "testdaten",
        "testnotizen", "formate", "pruebas", "pruebas manuales", "datos de prueba",
        "formatos", "tests manuels", "données de test", "testes", "testes manuais",
        "dados de teste", "тестирование", "ручное тестирование", "тестовые данные",
        "форматы", "测试", "测试数据", "格式", "テスト", "テストデータ", "フォーマット",
    ),
    # a folder of examples copied into a vault (a plugin's example vault)
    "examples": (
        "example", "examples", "example vault", "sample", "samples", "sample vault", "demo",
        "demo vault", "beispiel", "beispiele", "ejemplo", "ejemplos", "exemple", "exemples",
        "exemplo", "exemplos", "пример", "примеры", "示例", "サンプル",
    ),
    # a note's title that says it shows other notes, not a goal of its own: a dashboard,
    # an index, a map of content (`Goals dashboard.md`, `Index.md` in a goals folder)
    "dashboards": (
        "dashboard", "index", "overview", "moc", "map of content", "maps of content", "home",
        "start", "startseite", "übersicht", "inhaltsverzeichnis", "tablero", "panel",
        "índice", "inicio", "resumen", "tableau de bord", "accueil", "aperçu", "sommaire",
        "painel", "início", "visão geral", "панель", "обзор", "главная", "оглавление",
        "仪表板", "概览", "首页", "索引", "ダッシュボード", "概要", "ホーム", "目次",
    ),
    # a folder whose notes are goals, one each (goals/goal_folder.py; with `goals.folders`).
    # Not `Objectives`/`OKRs`: their notes hold a quarter's objectives each
    "goal_folders": (
        "goals", "goal", "ziele", "ziel", "metas", "objetivos", "objectifs",
        "objectif", "цели", "цель", "目标", "目標", "ゴール",
    ),
    # a folder whose notes are goals when they look like projects (`goals.project_folders`)
    "project_folders": (
        "projects", "project", "projekte", "projekt", "proyectos", "proyecto", "projets",
        "projet", "projetos", "projeto", "проекты", "проект", "项目", "プロジェクト",
    ),
    # a sub-folder of a goals or projects folder whose notes are done (`goals.done_folders`)
    "done_folders": (
        "archive", "archived", "done", "completed", "achieved", "archiv", "erledigt",
        "abgeschlossen", "erreicht", "archivo", "archivados", "hecho", "hechos",
        "completado", "completados", "logrados", "archives", "archivé", "terminé",
        "terminés", "fait", "faits", "atteints", "arquivo", "arquivados", "feito", "feitos",
        "concluído", "concluídos", "архив", "выполнено", "завершено", "достигнуто",
        "归档", "已完成", "完成", "アーカイブ", "完了", "達成",
    ),
    # a label or line that introduces an example (`Example from the slides:`, `e.g.`):
    # the objective right after it illustrates a method, it is nobody's goal (okrs.py)
    "example_intro": (
        "example", "examples", "e g", "eg", "for example", "for instance", "sample",
        "beispiel", "beispiele", "z b", "zum beispiel", "ejemplo", "ejemplos", "por ejemplo",
        "p ej", "exemple", "exemples", "par exemple", "p ex", "exemplo", "exemplos",
        "por exemplo", "пример", "примеры", "например", "例如", "示例", "举例", "例えば",
        "サンプル",
    ),
    # the key of a line that says where a clipping comes from (`Source: …`, `Author: …`)
    "source": (
        "source", "sources", "url", "author", "authors", "via", "original", "quelle",
        "autor", "fuente", "auteur", "fonte", "источник", "автор",
        "来源", "作者", "出典", "著者",
    ),
    # a Dataview inline field whose value is a goal (`Goal:: Run a half marathon`); with a
    # link for a value (`Goal:: [[Marathon]]`) it names the goal a note serves instead
    "goal_fields": (
        "goal", "my goal", "main goal", "objective", "resolution", "aim", "ziel", "vorsatz",
        "meta", "objetivo", "propósito", "objectif", "résolution", "цель", "目标", "目標",
    ),
    # SMART: the labelled lines of a SMART goal, and the tag on it
    "smart": ("smart",),
    "specific": ("specific", "spezifisch", "específico", "específica", "spécifique",
                 "конкретная", "конкретность", "具体", "具体的"),
    "measurable": ("measurable", "messbar", "medible", "mesurable", "mensurável",
                   "измеримая", "измеримость", "可衡量", "測定可能"),
    "time-bound": ("time-bound", "time bound", "timebound", "timely", "time-based",
                   "terminiert", "temporal", "temporel", "temporal", "définie dans le temps",
                   "ограниченная во времени", "срок выполнения", "有时限", "期限付き",
                   "期限"),
    "achievable": ("achievable", "attainable", "achievable and attainable", "erreichbar",
                   "attraktiv", "alcanzable", "atteignable", "ambitieux", "alcançável",
                   "atingível", "достижимая", "достижимость", "可实现", "達成可能"),
    "relevant": ("relevant", "realistic", "realistisch", "relevante", "realista",
                 "réaliste", "pertinent", "релевантная", "значимая", "相关", "関連性"),
    # a project's desired outcome: a heading or property that makes a note in a Projects
    # folder a project (goals/goal_folder.py)
    "outcome": ("outcome", "desired outcome", "successful outcome", "definition of done",
                "ergebnis", "gewünschtes ergebnis", "resultado", "resultado esperado",
                "résultat", "résultat attendu", "результат", "成果", "期望结果", "望む結果"),
    # a heading whose items are the next tasks, not milestones, even with a steps word in it
    "next_steps": ("next steps", "next step", "next actions", "next action", "to do", "todo",
                   "to-do", "nächste schritte", "próximos pasos", "siguientes pasos",
                   "prochaines étapes", "próximos passos", "следующие шаги", "下一步",
                   "次のステップ"),
    # the label of a goal note's progress line (`Progress: 3/10`)
    "progress": ("progress", "current progress", "fortschritt", "stand", "progreso",
                 "avance", "progrès", "avancement", "progresso", "прогресс", "进度", "進捗"),
}

# A status as people type it → the status vaultgoals means.
STATUSES: dict[str, tuple[str, ...]] = {
    "active": (
        "active", "in-progress", "in progress", "inprogress", "ongoing", "doing", "started",
        "wip", "todo", "to do", "to-do", "not started", "not-started", "open", "planned",
        "next", "delayed", "at risk", "behind", "🟢", "🟡", "🔵", "⏳", "🚧",
        "aktiv", "in arbeit", "laufend", "offen", "geplant", "en curso", "en progreso",
        "pendiente", "en cours", "à faire", "em andamento", "em progresso", "pendente",
        "в работе", "в процессе", "进行中", "進行中", "未着手",
    ),
    "done": (
        "done", "completed", "complete", "finished", "achieved", "accomplished", "closed",
        "✅", "✔", "✔️", "🏁", "erledigt", "abgeschlossen", "hecho", "terminado", "terminé",
        "fait", "concluído", "feito", "готово", "выполнено", "完成", "已完成", "完了",
        "fertig", "erreicht", "completado", "logrado", "atteint", "achevé", "alcançado",
        "достигнуто", "达成", "達成",
    ),
    "dropped": (
        "dropped", "abandoned", "cancelled", "canceled", "archived", "won't do", "wontdo",
        "🔴", "❌", "abgebrochen", "cancelado", "abandonné", "отменено", "取消", "中止",
        "aufgegeben", "abandonado", "annulé", "брошено", "放弃", "断念",
    ),
    "paused": (
        "paused", "on hold", "on-hold", "onhold", "someday", "waiting", "deferred",
        "blocked", "⏸", "⏸️", "🟠", "pausiert", "en pausa", "en pause", "pausado",
        "приостановлено", "暂停", "保留",
    ),
}

# A property (frontmatter key or inline field) as templates name it → vaultgoals' name.
FIELDS: dict[str, tuple[str, ...]] = {
    "type": ("type", "fileclass", "kind", "category", "class", "note_type", "notetype",
             "note type"),
    "deadline": ("deadline", "due", "due date", "due_date", "target_date", "targetdate",
                 "target date", "end", "end date", "end_date", "enddate", "finish_by",
                 "finish by", "by", "frist", "fecha límite", "échéance", "prazo", "срок",
                 "截止日期", "期限"),
    "start": ("start", "started", "starteddate", "start_date", "startdate", "start date",
              "activationdate", "activation date", "beginn", "inicio", "début"),
    "completed": ("completed", "completeddate", "completed_date", "completiondate",
                  "completion date", "done", "done date", "finished"),
    "parent": ("parent", "up", "goal", "value goal", "value-goal", "outcome", "objective",
               "area goal", "supporting goal", "supports", "project"),
    "status": ("status", "state", "stage"),
    "progress": ("progress", "current"),
    "area": ("area", "areas", "domain", "life area", "bereich", "área", "domaine"),
    "priority": ("priority", "prio"),
    "every": ("every", "per", "recurrence", "period", "frequency"),
}
# the property and field keys that say how often (goals/habits.py): the table's, and the
# Tasks plugin's Dataview name for a recurrence rule
EVERY_KEYS = frozenset({*(w.casefold() for w in FIELDS["every"]), "repeat"})

# A kind of note as templates name it (the value of `type`, `kind`, `category`, …).
KINDS: dict[str, tuple[str, ...]] = {
    "goal": ("goal", "goals", "value-goal", "value goal", "outcome", "objective", "okr",
             "project", "area-goal", "area goal", "resolution", "ziel", "meta", "objetivo",
             "objectif", "цель", "目标", "目標"),
    "milestone": ("milestone", "key-result", "key result", "kr", "phase", "step",
                  "sub-goal", "subgoal", "deliverable", "meilenstein", "hito", "jalon",
                  "marco", "веха", "里程碑", "マイルストーン"),
    "commitment": ("commitment", "habit", "habits", "routine", "ritual", "gewohnheit",
                   "hábito", "habitude", "привычка", "习惯", "習慣"),
    "vision": ("vision", "north star", "purpose", "mission"),
    "skill": ("skill", "competency", "fähigkeit", "habilidad", "compétence", "навык", "技能"),
}

# a word: letters and digits, with `-` or `'` inside it (`time-bound`, `today's`)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)


def _spaceless(ch: str) -> bool:
    """Is `ch` of a script written without spaces between words (CJK, kana)?"""
    return unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalpha()


# what may stand before a folder's name: numbering, emoji, separators ("2 Areas", "🎯 Goals")
_LEAD = re.compile(r"^[\W\d_]+", re.UNICODE)


def without_lead(name: str) -> str:
    """A folder's name without leading numbers, emoji or punctuation (`🎯 Goals` → `Goals`)."""
    return _LEAD.sub("", name).strip()


@lru_cache(maxsize=8192)  # (every note of a vault is asked about: folder names repeat)
def folder_word(name: str) -> str:
    """A folder's name as matched: `without_lead`, and without case (`🎯 Goals` → `goals`,
    `01-Templates` → `templates`)."""
    return without_lead(name).casefold()


@lru_cache(maxsize=16384)  # (the recognisers of one note ask it of the same headings,
def words_of(text: str) -> str:  # labels and keys again, and property keys repeat)
    """`text` as matched: its words in lower case, one space between them; emoji,
    numbering marks, punctuation and Markdown marks dropped."""
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


_FOUND_KEPT = 4096  # `Concept.find` answers kept per concept (then all are dropped)


@dataclass(frozen=True, slots=True)
class Concept:
    """The words of one concept, ready to match."""

    whole: frozenset[str]  # words and runs of words that must match whole
    inside: tuple[str, ...]  # pieces that match anywhere (spaceless scripts, `~` entries)
    longest: int  # the most words an entry of `whole` has
    # `find`'s answers by text (the recognisers of a note ask about the same headings and
    # labels, and headings repeat from note to note); a pure function of the fields above
    memo: dict[str, str | None] = field(default_factory=dict, compare=False, hash=False,
                                        repr=False)

    def has(self, text: str) -> bool:
        """Does `text` contain one of the concept's words?"""
        return self.find(text) is not None

    def find(self, text: str) -> str | None:
        """The first of the concept's words that `text` contains (as matched), or None."""
        memo = self.memo
        try:
            return memo[text]
        except KeyError:
            pass
        if len(memo) >= _FOUND_KEPT:
            memo.clear()
        hit = memo[text] = self._find(text)
        return hit

    def _find(self, text: str) -> str | None:
        plain = words_of(text)
        if not plain:
            return None
        for piece in self.inside:
            if piece in plain:
                return piece
        tokens = plain.split(" ")
        for size in range(min(self.longest, len(tokens)), 0, -1):
            for i in range(len(tokens) - size + 1):
                run = " ".join(tokens[i:i + size])
                if run in self.whole:
                    return run
        return None

    def equals(self, text: str) -> bool:
        """Is `text`, as matched, exactly one of the concept's words (`目标` too)?"""
        plain = words_of(text)
        return plain in self.whole or plain in self.inside


def concept(words: Iterable[str]) -> Concept:
    whole: set[str] = set()
    inside: list[str] = []
    for raw in words:
        word = raw.strip()
        if not word:
            continue
        if word.startswith("~"):
            inside.append(words_of(word[1:]))
        elif not word.isascii() and any(_spaceless(ch) for ch in word):  # (CJK, kana)
            inside.append(words_of(word))
        else:
            whole.add(words_of(word))
    longest = max((w.count(" ") + 1 for w in whole), default=1)
    return Concept(frozenset(whole), tuple(sorted(set(inside))), longest)


@dataclass(frozen=True, slots=True)
class Words:
    """The table with a vault's own words added: concept → its matcher, and the reverse
    maps for statuses, property names and kinds."""

    concepts: Mapping[str, Concept]
    status_of: Mapping[str, str]  # a status word (as matched) → active|done|dropped|paused
    field_of: Mapping[str, str]  # a property name (as matched) → vaultgoals' property
    kind_of: Mapping[str, str]  # a kind word (as matched) → node kind

    def __getitem__(self, name: str) -> Concept:
        return self.concepts[name]

    def status(self, text: str) -> str | None:
        """The status a value means (`In Progress`, `🟢 active`, `completed` …), or None."""
        raw = text.strip().casefold()
        hit = self.status_of.get(raw)
        if hit is not None:
            return hit
        plain = words_of(raw)
        if plain in self.status_of:
            return self.status_of[plain]
        for ch in raw:  # an emoji status, alone or before the words (`🟢 active`)
            if not ch.isalnum() and ch in self.status_of:
                return self.status_of[ch]
        return None

    def field(self, name: str) -> str | None:
        return self.field_of.get(words_of(name).replace("_", " ")) or self.field_of.get(
            name.strip().casefold())

    def kind(self, value: str) -> str | None:
        return self.kind_of.get(words_of(value))


Extra = tuple[tuple[str, tuple[str, ...]], ...]  # (concept, words) pairs, hashable


def words(extra_words: Extra = (), extra_statuses: Extra = (), extra_fields: Extra = (),
          extra_kinds: Extra = ()) -> Words:
    """The table with a vault's own words added (each argument: `(concept, words)` pairs,
    as `Config` keeps them). Built once per set of words, however the call writes them
    (`words()`, `words(extra)`, `words(extra_words=extra)` are one table)."""
    return _table(extra_words, extra_statuses, extra_fields, extra_kinds)


@lru_cache(maxsize=16)
def _table(extra_words: Extra, extra_statuses: Extra, extra_fields: Extra,
           extra_kinds: Extra) -> Words:
    table = {k: list(v) for k, v in TABLE.items()}
    for name, more in extra_words:
        table.setdefault(name, []).extend(more)
        if name == "goals":  # (a vault's own goal words title its goal lists too)
            table["goal_list"].extend(more)
    concepts = {name: concept(ws) for name, ws in table.items()}
    return Words(concepts, _reverse(STATUSES, extra_statuses), _reverse(FIELDS, extra_fields),
                 _reverse(KINDS, extra_kinds))


def _reverse(base: Mapping[str, tuple[str, ...]], extra: Extra) -> dict[str, str]:
    out: dict[str, str] = {}
    for meaning, ws in [*extra, *base.items()]:  # a vault's own words first: they win
        for w in ws:
            out.setdefault(w.strip().casefold(), meaning)
            out.setdefault(words_of(w).replace("_", " "), meaning)
    return out


def counted(n: int, word: str, plural: str = "") -> str:
    """`n` and an English noun for it: `1 task`, `3 tasks`, `2 children` (`plural` given)."""
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"
