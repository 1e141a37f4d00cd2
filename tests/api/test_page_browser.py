"""The chat page in a real headless Chromium against a real `rec serve` (the CLI, fake model, a small
film store, an API key): the key is asked for and kept, a message streams a list with explanations,
a like reaches the feedback store, and a reload keeps the conversation and its server-side thread.

Needs Debian's `chromium` and `chromium-driver` (apt) and selenium (the dev extra); skipped without them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest
from serving import wait_until_serving

pytestmark = pytest.mark.slow

BROWSER = next(filter(None, map(shutil.which, ["chromium", "chromium-browser", "google-chrome"])), None)
DRIVER = shutil.which("chromedriver")
KEY = "page-key-1"


@pytest.fixture
def served(film_cfg, free_port, tmp_path):
    args = [sys.executable, "-m", "rec.cli", "--home", str(film_cfg.home), "--set", "retrieval.embedder=hashing-64",
            "--set", "llm.backend=fake"]
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([*args, "serve", "--port", str(free_port)], env={**os.environ, "REC_API_KEYS": KEY},
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{free_port}"
    wait_until_serving(url, proc, tmp_path / "serve.log")
    yield url
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text()


@pytest.fixture
def browser(tmp_path, monkeypatch):
    if not (BROWSER and DRIVER):
        pytest.skip("needs chromium and chromedriver on PATH (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (pip install -e '.[dev]')")
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")   # never let Selenium Manager download a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--window-size=1024,768", f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_for(driver, condition, timeout=60):
    """Poll `condition(driver)` until truthy; the page re-renders as chunks arrive, so a found element
    can go stale between two looks: that counts as not yet."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=[StaleElementReferenceException]).until(condition)


def items(driver, reply=-1):
    """The last reply's items once the turn is over (the Send button enabled again), else []."""
    from selenium.webdriver.common.by import By

    replies = driver.find_elements(By.CSS_SELECTOR, "#thread .message.assistant")
    if not replies or not driver.find_element(By.ID, "send").is_enabled():
        return []
    return replies[reply].find_elements(By.CSS_SELECTOR, ".item")


def ask(driver, text):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.find_element(By.ID, "message").send_keys(text, Keys.ENTER)


def test_chat_page_in_headless_chromium(served, browser, film_cfg):
    from selenium.webdriver.common.by import By

    from rec.feedback.store import open_feedback_store

    browser.get(served + "/")
    settings = browser.find_element(By.ID, "settings")
    wait_for(browser, lambda d: settings.is_displayed())   # 401 from /v1/models: the page asks for the key
    assert "API key" in browser.find_element(By.ID, "settings-why").text
    browser.find_element(By.ID, "api-key").send_keys(KEY)
    browser.find_element(By.ID, "save-settings").click()
    wait_for(browser, lambda d: d.find_element(By.ID, "status").text == "Connected.")

    ask(browser, "a comedy")
    shown = wait_for(browser, lambda d: items(d))
    assert all(i.find_element(By.CSS_SELECTOR, ".title").text for i in shown)
    assert browser.find_elements(By.CSS_SELECTOR, "#thread .item .why")   # the explanations
    ids = [i.get_attribute("data-item-id") for i in shown]
    first = ids[0]
    shown[0].find_element(By.CSS_SELECTOR, "button.like").click()
    wait_for(browser, lambda d: items(d)[0].find_element(By.CSS_SELECTOR, "button.like")
             .get_attribute("aria-pressed") == "true")

    thread = browser.execute_script("return JSON.parse(localStorage.getItem('rec.threadId'))")
    browser.refresh()   # the conversation, the like and the thread survive a reload
    wait_for(browser, lambda d: d.find_element(By.ID, "status").text == "Connected.")
    kept = items(browser)
    assert [i.get_attribute("data-item-id") for i in kept] == ids and not settings_shown(browser)
    assert kept[0].find_element(By.CSS_SELECTOR, "button.like").get_attribute("aria-pressed") == "true"
    ask(browser, "only ones before 1990")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#thread .message.assistant")) == 2 and items(d))

    store = open_feedback_store(None, film_cfg.store_dir / "feedback.sqlite")
    try:
        turns = list(store.logged())
        assert len(turns) == 2 and {store.response(t.id).thread for t in turns} == {thread}
        assert [(item, event) for t in turns for item, event, *_ in t.events] == [(first, "like")]
    finally:
        store.close()


def settings_shown(driver):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, "settings").is_displayed()
