//go:build !js

package browsertest

import "github.com/chromedp/chromedp"

func consoleLog(text string) chromedp.ConsoleMessage {
	return chromedp.ConsoleMessage{Type: chromedp.ConsoleLog, Text: text}
}
