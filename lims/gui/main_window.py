"""The main window: navigation on the left, one page at a time on the right, who and where below."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QWidget,
)

import lims
from lims.domain.enums import RoleCode
from lims.domain.errors import LimsError
from lims.gui import vocabulary
from lims.gui.i18n import error_text
from lims.gui.import_dialogs import LIMIT_TABLE, SAMPLING_LIST, ImportDialog
from lims.gui.limit_lookup import LimitLookupDialog
from lims.gui.login import ChangePasswordDialog
from lims.gui.sample_dialogs import RegistrationDialog
from lims.gui.settings import AppSettings
from lims.gui.tasks import TaskRunner
from lims.gui.views.admin import AdminView
from lims.gui.views.audit import AuditView
from lims.gui.views.failing import FailingView
from lims.gui.views.instruments import InstrumentsView
from lims.gui.views.master_data import MasterDataView
from lims.gui.views.reports import ReportsView
from lims.gui.views.sample_detail import SampleDetailView
from lims.gui.views.samples import BarcodeScanDetector, SamplesView
from lims.gui.views.scope import ScopeView
from lims.gui.views.worklist import WorklistView
from lims.gui.widgets import ElidedLabel, inform, page_made
from lims.services.container import Services
from lims.services.dto import Actor

DEFAULT_SIZE = QSize(1280, 720)  # opens inside a 1366x768 bench monitor with its taskbar
NAVIGATION_WIDTH = 150
# each language named in itself, so a person who cannot read the current one finds their own
LANGUAGE_NAMES = (("zh_CN", "中文"), ("en", "English"))

NAVIGATION_STYLE = """
QListWidget#navigation { background: #f3f5f7; border: none; border-right: 1px solid #d7dce1;
                         padding-top: 6px; outline: 0; }
QListWidget#navigation::item { padding: 9px 14px; border-left: 3px solid transparent; color: #212529; }
QListWidget#navigation::item:selected { background: #e2ebf5; border-left: 3px solid #1f5f99;
                                        color: #123a5e; font-weight: bold; }
QListWidget#navigation::item:hover:!selected { background: #e9ecef; }
"""


class MainWindow(QMainWindow):
    """``ready`` is emitted once the window is on screen and the first page of samples arrived."""

    ready = Signal()

    def __init__(self, services: Services, actor: Actor, settings: AppSettings, runner: TaskRunner,
                 parent: QWidget | None = None, *, zone: tzinfo | None = None) -> None:
        """``zone`` is the lab's time zone (lims.services.policy.Policy.timezone): every time on screen and every
        time typed is on the lab's clock, whatever the workstation's."""
        super().__init__(parent)
        self.zone = zone = zone or vocabulary.default_lab_zone()
        self._services = services
        self._actor = actor
        self._settings = settings
        self._runner = runner
        self._shown = False
        self._samples_arrived = False
        self._ready_sent = False
        self.dialog: QDialog | QMessageBox | None = None

        self.setObjectName("main-window")
        self.setWindowTitle(self.tr("Agricultural product testing LIMS") + " — " + actor.full_name)

        self.samples = SamplesView(services, runner, zone=zone, settings=settings, user=actor.username)
        self.samples.first_page_loaded.connect(self._samples_ready)
        self.samples.sample_opened.connect(lambda row: self.open_sample(row.id))
        # the Samples page: the list, and the opened sample in a tab of its own beside it (made
        # on first use), so each has the whole page
        self.sample_tabs = QTabWidget()
        self.sample_tabs.setObjectName("sample-tabs")
        self.sample_tabs.setDocumentMode(True)
        self.sample_tabs.setTabBarAutoHide(True)  # no tab bar over the list until a sample is open
        self.sample_tabs.setTabsClosable(True)
        self.sample_tabs.addTab(self.samples, self.tr("Sample list"))
        self.sample_tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)  # the list stays
        self.sample_tabs.tabCloseRequested.connect(self._close_sample_tab)
        self.sample_detail: SampleDetailView | None = None
        # the pages made so far; the others are made the first time they are shown, so start-up
        # builds only the sample list
        self.pages: dict[str, QWidget] = {"samples": self.sample_tabs}
        self.page_titles: dict[str, str] = {"samples": self.tr("Samples")}
        self._makers: dict[str, Callable[[], QWidget]] = {"samples": lambda: self.sample_tabs}

        def lab_today() -> date:
            return vocabulary.today_in(zone)

        self._add_page("worklist", self.tr("Worklist"), lambda: WorklistView(services, actor, runner, zone=zone))
        self._add_page("failing", self.tr("Failing results"), lambda: FailingView(services, actor, runner, zone=zone))
        self._add_page("scope", self.tr("Scope"), lambda: ScopeView(services, runner, today=lab_today, actor=actor))
        self._add_page("instruments", self.tr("Instruments"),
                       lambda: InstrumentsView(services, runner, today=lab_today, actor=actor))
        self._add_page("reports", self.tr("Reports"), lambda: ReportsView(services, runner, zone=zone, actor=actor))
        self._add_page("master_data", self.tr("Master data"),
                       lambda: MasterDataView(services, actor, runner, open_page=self.show_page))
        self._add_page("audit", self.tr("Audit trail"), lambda: AuditView(services, runner, zone=zone))
        if actor.has(RoleCode.ADMIN):
            self._add_page("admin", self.tr("Administration"), lambda: AdminView(services, actor, runner))
        self.page_keys: list[str] = list(self.page_titles)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(NAVIGATION_WIDTH)
        self.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.navigation.setFrameShape(QFrame.Shape.NoFrame)
        self.stack = QStackedWidget()
        for key in self.page_keys:
            item = QListWidgetItem(self.page_titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
            self.stack.addWidget(self.pages.get(key) or QWidget())  # a stand-in until first shown
        self.navigation.currentRowChanged.connect(self._page_chosen)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        runner.unhandled_error.connect(self._show_error)
        # a barcode scanner types into whatever has the focus: catch its bursts window-wide
        self.scanner = BarcodeScanDetector(self, parent=self)
        self.scanner.scanned.connect(self.open_scanned_code)
        self.scanner.install()
        self._restore_window()
        self.navigation.setCurrentRow(0)

    # --- construction -----------------------------------------------------------------------

    def _add_page(self, key: str, title: str, make: Callable[[], QWidget]) -> None:
        self._makers[key] = make
        self.page_titles[key] = title

    def _page(self, key: str) -> QWidget:
        """The page ``key``, made now if it was never shown, in its place in the stack."""
        return page_made(self.stack, self.pages, self._makers, self.page_keys, key)

    def _build_menus(self) -> None:
        system = self.menuBar().addMenu(self.tr("&System"))
        self.change_password_action = system.addAction(self.tr("Change password…"))
        self.change_password_action.triggered.connect(self.open_change_password)
        language_menu = system.addMenu(self.tr("Language"))
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        current = self._settings.language()
        for code, name in LANGUAGE_NAMES:
            action = language_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            self.language_actions[code] = action
        system.addSeparator()
        self.limit_lookup_action = system.addAction(self.tr("Limit lookup…"))
        self.limit_lookup_action.setShortcut(QKeySequence("Ctrl+L"))
        self.limit_lookup_action.triggered.connect(self.open_limit_lookup)
        self.import_samples_action = system.addAction(self.tr("Import sampling list…"))
        self.import_samples_action.triggered.connect(lambda: self.open_import(SAMPLING_LIST))
        self.import_limits_action = system.addAction(self.tr("Import limit table…"))
        self.import_limits_action.setEnabled(self._actor.has(RoleCode.MANAGER) or self._actor.has(RoleCode.ADMIN))
        self.import_limits_action.triggered.connect(lambda: self.open_import(LIMIT_TABLE))
        system.addSeparator()
        quit_action = system.addAction(self.tr("Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        view = self.menuBar().addMenu(self.tr("&View"))
        refresh = view.addAction(self.tr("Refresh"))
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh_current)

        toolbar = self.addToolBar(self.tr("Samples"))
        toolbar.setObjectName("sample-toolbar")
        self.register_action = toolbar.addAction(self.tr("Register sample…"))
        self.register_action.setShortcut(QKeySequence.StandardKey.New)
        self.register_action.setToolTip(self.tr("Register a sample from its sampling form (Ctrl+N)"))
        self.register_action.triggered.connect(self.open_registration)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = help_menu.addAction(self.tr("About…"))
        about.triggered.connect(self.show_about)

    def _build_status_bar(self) -> None:
        roles = vocabulary.roles(self._actor.roles)
        self.user_label = ElidedLabel(self.tr("User: {name} ({roles})").format(
            name=self._actor.full_name, roles=roles))
        self.database_label = ElidedLabel(self.tr("Database: {database} ({backend})").format(
            database=self._services.database, backend=vocabulary.backend(self._services.backend)),
            mode=Qt.TextElideMode.ElideMiddle)
        self.workstation_label = QLabel(self.tr("Workstation: {name}").format(name=self._actor.workstation))
        bar = self.statusBar()
        bar.addWidget(self.user_label, 1)
        bar.addPermanentWidget(self.workstation_label)
        bar.addPermanentWidget(self.database_label, 1)

    def _restore_window(self) -> None:
        geometry = self._settings.window_geometry()
        if not geometry or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(DEFAULT_SIZE)
        state = self._settings.window_state()
        if state:
            self.restoreState(QByteArray(state))

    # --- navigation -------------------------------------------------------------------------

    def navigation_labels(self) -> list[str]:
        return [self.navigation.item(i).text() for i in range(self.navigation.count())]

    def show_page(self, key: str) -> QWidget:
        self.navigation.setCurrentRow(self.page_keys.index(key))
        return self._page(key)

    def current_key(self) -> str:
        return self.page_keys[self.stack.currentIndex()]

    def _page_chosen(self, row: int) -> None:
        if row < 0:
            return
        key = self.page_keys[row]
        self._page(key)
        self.stack.setCurrentIndex(row)
        if key != "samples":
            # the lists behind the other pages are short; read them afresh on every visit
            self._refresh(key)

    def open_scanned_code(self, code: str) -> None:
        self.show_sample_list()
        self.samples.open_code(code)

    def refresh_current(self) -> None:
        self._refresh(self.current_key())

    def _refresh(self, key: str) -> None:
        page = self._page(key)
        if page is self.sample_tabs:
            page = self.sample_tabs.currentWidget()
        refresh = getattr(page, "reload" if page is self.sample_detail else "refresh", None)
        if callable(refresh):
            refresh()

    # --- menu actions -----------------------------------------------------------------------

    def open_change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self._services, self._actor, self._runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(self.tr("Your password was changed"), 8000))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_limit_lookup(self) -> LimitLookupDialog:
        dialog = LimitLookupDialog(self._services, self._runner, self, zone=self.zone)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_import(self, kind: str) -> ImportDialog:
        dialog = ImportDialog(self._services, self._actor, self._runner, kind, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if kind == SAMPLING_LIST:
            dialog.imported.connect(lambda _report: self.samples.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_registration(self) -> RegistrationDialog:
        self.show_sample_list()
        dialog = RegistrationDialog(self._services, self._actor, self._runner, self, zone=self.zone)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.registered.connect(lambda _sample: self.samples.refresh())
        dialog.open_requested.connect(lambda sample: self.open_sample(sample.id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_sample(self, sample_id: int) -> SampleDetailView:
        """Show the sample in its tab of the Samples page (the list stays one tab away)."""
        detail = self.sample_detail
        if detail is None:
            detail = self.sample_detail = SampleDetailView(self._services, self._actor, self._runner, zone=self.zone)
            detail.status_changed.connect(lambda _detail: self.samples.refresh())
            detail.loaded.connect(lambda shown: self.sample_tabs.setTabText(
                self.sample_tabs.indexOf(detail), self.tr("Sample {code}").format(code=shown.code)))
        if self.sample_tabs.indexOf(detail) < 0:
            self.sample_tabs.addTab(detail, self.tr("Sample {code}").format(code=detail.detail.code)
                                    if detail.detail is not None else self.tr("Sample"))
        self.show_page("samples")
        self.sample_tabs.setCurrentWidget(detail)
        detail.load(sample_id)
        return detail

    def _close_sample_tab(self, index: int) -> None:
        """The sample's tab closes (the view is kept for the next sample opened); the list stays."""
        if self.sample_tabs.widget(index) is self.sample_detail:
            self.sample_tabs.removeTab(index)

    def show_sample_list(self) -> None:
        self.show_page("samples")
        self.sample_tabs.setCurrentWidget(self.samples)

    def choose_language(self, code: str) -> None:
        if code == self._settings.language():
            return
        self._settings.set_language(code)
        self.dialog = inform(self, self.tr("Language"), self.tr(
            "The new language applies the next time you start the program."))

    def show_about(self) -> None:
        text = "\n".join([
            self.tr("Agricultural product testing LIMS"),
            self.tr("Version {version}").format(version=lims.__version__),
            self.tr("Database: {database} ({backend})").format(
                database=self._services.database, backend=vocabulary.backend(self._services.backend)),
        ])
        self.dialog = inform(self, self.tr("About"), text)

    def _show_error(self, err: LimsError) -> None:
        self.dialog = inform(self, self.tr("Error"), error_text(err), QMessageBox.Icon.Warning)

    # --- readiness and closing --------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._shown = True
        self._maybe_ready()

    def _samples_ready(self) -> None:
        self._samples_arrived = True
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        if self._shown and self._samples_arrived and not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    @property
    def is_ready(self) -> bool:
        return self._ready_sent

    def closeEvent(self, event: QCloseEvent) -> None:
        self.scanner.remove()
        instruments = self.pages.get("instruments")
        if isinstance(instruments, InstrumentsView):
            instruments.stop_all()  # each line's journal is committed and closed
        self._settings.set_window_geometry(bytes(self.saveGeometry().data()))
        self._settings.set_window_state(bytes(self.saveState().data()))
        super().closeEvent(event)
